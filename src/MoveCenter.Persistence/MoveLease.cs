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

public static class MoveLeaseExtensions
{
    /// <summary>
    /// Sets when the move was handed to the job engine, in the same save as the change that hands it over: a move
    /// going back to the queue is cleared (no job is waiting for it), a phase hand-over is marked before its lease
    /// is released, so no other node sees it without a job and queues a second one.
    /// </summary>
    public static void SetDispatchedAt(this MoveCenterDbContext db, Domain.Moves.Move move, DateTime? at) =>
        db.Entry(move).Property(MoveLease.DispatchedAt).CurrentValue = at;

    /// <summary>
    /// Gives up the lease in the same save as the change that ends the worker's part: a move saved Stalled or Failed
    /// with its lease still held would refuse a Retry (the worker still holds it) until a separate release landed.
    /// </summary>
    public static void ReleaseLease(this MoveCenterDbContext db, Domain.Moves.Move move) =>
        db.Entry(move).Property(MoveLease.Owner).CurrentValue = null;

    /// <summary>The worker that holds the move now (node/instance), or null when no lease is live.</summary>
    public static string? LiveLeaseOwner(this MoveCenterDbContext db, Domain.Moves.Move move, DateTime now)
    {
        var entry = db.Entry(move);
        return entry.Property<string?>(MoveLease.Owner).CurrentValue is { } owner && entry.Property<DateTime?>(MoveLease.ExpiresAt).CurrentValue >= now
            ? owner
            : null;
    }
}
