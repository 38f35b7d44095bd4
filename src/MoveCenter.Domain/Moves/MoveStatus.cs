namespace MoveCenter.Domain.Moves;

public enum MoveStatus
{
    /// <summary>Accepted, waiting for its start time or for a worker.</summary>
    Queued,
    /// <summary>A worker executes the current phase.</summary>
    Running,
    /// <summary>A deferred retry is scheduled; the reason and next try are recorded.</summary>
    Waiting,
    /// <summary>Stopped until a person acts (Retry, Skip, Force Complete, Cancel).</summary>
    Stalled,
    /// <summary>Held by an admin; nothing runs until Resume.</summary>
    Suspended,
    /// <summary>
    /// A copy-first move has copied everything while the user stays on the source; it waits for its next incremental
    /// sync (at its next time) or its cutover (at completeAfter, or on Complete).
    /// </summary>
    Synced,
    Completed,
    Failed,
    Cancelled,
}

public static class MoveStatusExtensions
{
    public static bool IsTerminal(this MoveStatus status) =>
        status is MoveStatus.Completed or MoveStatus.Failed or MoveStatus.Cancelled;

    /// <summary>Statuses in which the engine owes the move further work without a person acting.</summary>
    public static bool IsActive(this MoveStatus status) =>
        status is MoveStatus.Queued or MoveStatus.Running or MoveStatus.Waiting;
}
