namespace MoveCenter.Domain.Moves;

public sealed partial class Move
{
    /// <summary>Defers the move: the post office did not answer, was busy, or the move slots were full.</summary>
    public void Defer(RetryDecision decision, string reason, DateTime now)
    {
        switch (decision)
        {
            case RetryDecision.WaitUntil wait:
                ChangeStatus(MoveStatus.Waiting, "defer");
                RetryCause = wait.Cause;
                RetryAttempt = wait.Attempt;
                NotBefore = wait.NextTry;
                WaitReason = $"{reason}; next try {wait.NextTry:HH:mm} UTC (attempt {wait.Attempt})";
                LastError = reason;
                LastActivityAt = now;
                Record(now, MoveEventKind.Waiting, WaitReason);
                break;
            case RetryDecision.GiveUp giveUp:
                Fail($"{giveUp.Reason}: {reason}", now);
                break;
        }
    }

    /// <summary>The move needs a person: a bad item past its limit, or a condition no retry will fix.</summary>
    public void Stall(string reason, DateTime now)
    {
        ChangeStatus(MoveStatus.Stalled, "stall");
        WaitReason = reason;
        LastError = reason;
        NotBefore = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.Stalled, reason);
    }

    public void Fail(string reason, DateTime now)
    {
        ChangeStatus(MoveStatus.Failed, "fail");
        LastError = reason;
        WaitReason = null;
        NotBefore = null;
        FinishedAt = now;
        LastActivityAt = now;
        Record(now, MoveEventKind.Failed, reason);
    }

    /// <summary>
    /// The node running the move is shutting down in an orderly way. The move goes back to the queue and resumes
    /// when a node runs it again; this is not an abnormal termination, so it is not counted as a restart.
    /// </summary>
    public void Interrupt(string reason, DateTime now)
    {
        ChangeStatus(MoveStatus.Queued, "interrupt");
        NotBefore = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.Note, $"Interrupted in {Phase.DisplayName()}: {reason}. It resumes where it stopped.");
    }

    /// <summary>
    /// The worker died or lost its lease mid-phase. The move goes back to the queue with priority and resumes
    /// after its last migrated item, until the restart limit is reached.
    /// </summary>
    public void RestartAutomatically(string reason, int maxRestarts, DateTime now)
    {
        if (Restarts >= maxRestarts)
        {
            Fail($"Terminated abnormally {Restarts + 1} times, more than the {maxRestarts} automatic restarts allowed. Last: {reason}", now);
            return;
        }
        ChangeStatus(MoveStatus.Queued, "restart");
        Restarts++;
        RestartWithPriority = true;
        LastError = reason;
        NotBefore = null;
        WaitReason = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.AutomaticRestart,
            $"Automatic restart {Restarts} of {maxRestarts} in {Phase.DisplayName()}: {reason}");
    }
}
