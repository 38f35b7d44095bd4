namespace MoveCenter.Domain.Moves;

public sealed partial class Move
{
    /// <summary>Defers the move: the post office did not answer or was busy.</summary>
    public void Defer(RetryDecision decision, string reason, DateTime now)
    {
        switch (decision)
        {
            case RetryDecision.WaitUntil wait:
                Wait(MoveStatus.Waiting, wait, reason, $"{reason}; next try {wait.NextTry:HH:mm} UTC (attempt {wait.Attempt})", now);
                break;
            case RetryDecision.GiveUp giveUp:
                Fail($"{giveUp.Reason}: {reason}", now);
                break;
        }
    }

    /// <summary>
    /// Every move slot of one of its post offices is in use: the move waits, with no time set, to be started as soon as
    /// a slot frees. A move that waits again for the same reason keeps one history entry, so a long wait for a slot does
    /// not flood it.
    /// </summary>
    public void WaitForMoveSlot(string reason, DateTime now)
    {
        var repeated = Status == MoveStatus.Waiting && RetryCause == Moves.RetryCause.MoveSlot && LastError == reason;
        ChangeStatus(MoveStatus.Waiting, "wait for a move slot");
        RetryCause = Moves.RetryCause.MoveSlot;
        RetryAttempt = 0;
        NotBefore = null;
        WaitReason = reason;
        LastError = reason;
        if (repeated) return;
        LastActivityAt = now;
        Record(now, MoveEventKind.Waiting, reason);
    }

    /// <summary>
    /// A post office's move window is closed: the move waits without a worker until it opens, then goes on where it
    /// stopped. Waiting for a window is no failure, so it uses up no retry; a move told the same again keeps one entry.
    /// </summary>
    public void WaitForWindow(string reason, DateTime opensAt, DateTime now)
    {
        var repeated = Status == MoveStatus.Waiting && WaitReason == reason;
        ChangeStatus(MoveStatus.Waiting, "wait for its window");
        NotBefore = opensAt;
        WaitReason = reason;
        if (repeated) return;
        LastActivityAt = now;
        Record(now, MoveEventKind.Waiting, reason);
    }

    /// <summary>
    /// The move needs a person: a bad item past its limit, or a condition no retry will fix. Until someone acts, it
    /// is looked at again by itself on the deferred schedule; when that is exhausted, it fails.
    /// </summary>
    public void Stall(string reason, RetryPolicy policy, DateTime now)
    {
        switch (policy.DecideReexamination(RetryCause, RetryAttempt, now))
        {
            case RetryDecision.WaitUntil next:
                Wait(MoveStatus.Stalled, next, reason,
                    $"{reason.TrimEnd()} Next automatic re-examination {next.NextTry:yyyy-MM-dd HH:mm} UTC ({next.Attempt} of {policy.DeferredTries}).", now);
                break;
            case RetryDecision.GiveUp giveUp:
                Fail($"{giveUp.Reason}: {reason}", now);
                break;
        }
    }

    private void Wait(MoveStatus status, RetryDecision.WaitUntil next, string reason, string waitReason, DateTime now)
    {
        ChangeStatus(status, status == MoveStatus.Stalled ? "stall" : "defer");
        RetryCause = next.Cause;
        RetryAttempt = next.Attempt;
        NotBefore = next.NextTry;
        WaitReason = waitReason;
        LastError = reason;
        LastActivityAt = now;
        Record(now, status == MoveStatus.Stalled ? MoveEventKind.Stalled : MoveEventKind.Waiting, waitReason);
    }

    /// <summary>The deferred re-examination of a stalled move: its step runs again, as if an admin had pressed Retry.</summary>
    public void Reexamine(int deferredTries, DateTime now)
    {
        RequireStatus(MoveStatus.Stalled, "re-examine");
        if (NotBefore is null || NotBefore > now)
            throw new InvalidOperationException($"Move {Id} is not due for re-examination before {NotBefore:u}.");
        ChangeStatus(MoveStatus.Queued, "re-examine");
        NotBefore = null;
        WaitReason = null;
        LastActivityAt = now;
        Record(now, MoveEventKind.Retry,
            $"Deferred re-examination {RetryAttempt} of {deferredTries}: {Phase.DisplayName()} runs again to see whether the cause is gone.");
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
