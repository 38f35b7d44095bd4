namespace MoveCenter.Domain.Moves;

/// <summary>The one table of legal status changes. Anything not listed here throws.</summary>
public static class MoveStatusTransitions
{
    private static readonly IReadOnlyDictionary<MoveStatus, MoveStatus[]> Allowed = new Dictionary<MoveStatus, MoveStatus[]>
    {
        // Queued -> Waiting and Waiting -> Waiting: the move slots of a post office were full when its turn came ("try later").
        [MoveStatus.Queued] = [MoveStatus.Running, MoveStatus.Waiting, MoveStatus.Suspended, MoveStatus.Cancelled, MoveStatus.Failed],
        // Running -> Queued is an automatic restart after a worker died or lost its lease.
        // Running -> Synced: a copy-first move copied everything (again) and waits for its next sync or its cutover.
        [MoveStatus.Running] = [MoveStatus.Queued, MoveStatus.Waiting, MoveStatus.Stalled, MoveStatus.Suspended, MoveStatus.Synced, MoveStatus.Completed, MoveStatus.Failed, MoveStatus.Cancelled],
        [MoveStatus.Waiting] = [MoveStatus.Queued, MoveStatus.Running, MoveStatus.Waiting, MoveStatus.Stalled, MoveStatus.Suspended, MoveStatus.Failed, MoveStatus.Cancelled],
        [MoveStatus.Stalled] = [MoveStatus.Queued, MoveStatus.Suspended, MoveStatus.Failed, MoveStatus.Cancelled],
        [MoveStatus.Suspended] = [MoveStatus.Queued, MoveStatus.Cancelled],
        // Synced -> Queued: its next incremental sync is due, or its cutover was asked for.
        [MoveStatus.Synced] = [MoveStatus.Queued, MoveStatus.Suspended, MoveStatus.Cancelled],
        // A failed move may be restarted by an admin; its history stays.
        [MoveStatus.Failed] = [MoveStatus.Queued],
        [MoveStatus.Completed] = [],
        [MoveStatus.Cancelled] = [],
    };

    public static bool IsAllowed(MoveStatus from, MoveStatus to) => Allowed[from].Contains(to);

    public static IReadOnlyList<MoveStatus> From(MoveStatus status) => Allowed[status];
}

public sealed class InvalidMoveTransitionException(MoveStatus from, MoveStatus to, string action)
    : InvalidOperationException($"Cannot {action} a move that is {from}: {from} -> {to} is not a legal status change.")
{
    public MoveStatus From { get; } = from;
    public MoveStatus To { get; } = to;
}
