namespace MoveCenter.Persistence;

/// <summary>
/// Names of the lease columns of a move. They are shadow properties: the lease belongs to the engine's
/// coordination, not to the move's business state, and is only ever changed by conditional updates.
/// </summary>
public static class MoveLease
{
    public const string Owner = "LeaseOwner";
    public const string ExpiresAt = "LeaseExpiresAt";

    /// <summary>The fencing token: raised on every acquisition, so a worker that lost its lease cannot write.</summary>
    public const string Token = "LeaseToken";

    /// <summary>When a node last handed the move to the job engine; keeps other nodes from queueing it twice.</summary>
    public const string DispatchedAt = "DispatchedAt";
}
