namespace MoveCenter.Domain.Moves;

public enum MoveEventKind
{
    Queued,
    PhaseStarted,
    PhaseCompleted,
    Waiting,
    Retry,
    AutomaticRestart,
    ItemFailed,
    ItemSkipped,
    Stalled,
    AdminAction,
    Completed,
    Failed,
    Cancelled,
    Note,
    Synced,
}

/// <summary>One line of a move's history. History is append-only and outlives Clear Status.</summary>
public sealed class MoveEvent
{
    private MoveEvent() { }

    public MoveEvent(Guid moveId, DateTime at, MoveEventKind kind, string message, string actor)
    {
        MoveId = moveId;
        At = at;
        Kind = kind;
        Message = message;
        Actor = actor;
    }

    public long Id { get; private set; }
    public Guid MoveId { get; private set; }
    public DateTime At { get; private set; }
    public MoveEventKind Kind { get; private set; }
    public string Message { get; private set; } = "";
    public string Actor { get; private set; } = "";
}
