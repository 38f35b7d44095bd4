namespace MoveCenter.Domain.Moves;

/// <summary>The actions of the Move User Status page. Each is recorded with the admin who took it.</summary>
public sealed partial class Move
{
    /// <summary>Run the current step again now instead of waiting for its timer.</summary>
    public void Retry(string actor, DateTime now)
    {
        RequireActor(actor);
        var from = Status;
        ChangeStatus(MoveStatus.Queued, "retry");
        if (from == MoveStatus.Failed)
        {
            FinishedAt = null;
            Restarts = 0;
        }
        NotBefore = null;
        WaitReason = null;
        RetryCause = null;
        RetryAttempt = 0;
        LastActivityAt = now;
        Record(now, MoveEventKind.AdminAction, $"Retry requested while {from}; {Phase.DisplayName()} runs again now.", actor);
    }

    public void Suspend(string actor, DateTime now)
    {
        RequireActor(actor);
        ChangeStatus(MoveStatus.Suspended, "suspend");
        WaitReason = $"Suspended by {actor}";
        NotBefore = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.AdminAction, "Move suspended.", actor);
    }

    public void Resume(string actor, DateTime now)
    {
        RequireActor(actor);
        if (Status != MoveStatus.Suspended)
            throw new InvalidMoveTransitionException(Status, MoveStatus.Queued, "resume");
        ChangeStatus(MoveStatus.Queued, "resume");
        WaitReason = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.AdminAction, "Move resumed.", actor);
    }

    public void Cancel(string actor, DateTime now)
    {
        RequireActor(actor);
        ChangeStatus(MoveStatus.Cancelled, "cancel");
        FinishedAt = now;
        NotBefore = null;
        WaitReason = null;
        LastActivityAt = now;
        var consequence = Phase.ChangedAnything() || Phase == MovePhase.AdminRename
            ? $"Stopped in {Phase.DisplayName()}; moved items stay at the target and the source keeps everything."
            : "Withdrawn before anything changed.";
        Record(now, MoveEventKind.Cancelled, $"Move cancelled. {consequence}", actor);
    }

    /// <summary>Clear Status: hide a finished move from the list. Its history stays.</summary>
    public void Clear(string actor, DateTime now)
    {
        RequireActor(actor);
        if (!Status.IsTerminal())
            throw new InvalidOperationException($"Only a completed, failed or cancelled move can be cleared; this one is {Status}.");
        if (Cleared) return;
        Cleared = true;
        Record(now, MoveEventKind.AdminAction, "Status cleared from the list.", actor);
    }

    private static void RequireActor(string actor) => ArgumentException.ThrowIfNullOrWhiteSpace(actor);
}
