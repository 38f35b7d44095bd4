namespace MoveCenter.Domain.Moves;

/// <summary>The actions of the Move User Status page. Each is recorded with the admin who took it.</summary>
public sealed partial class Move
{
    /// <summary>Run the current step again now instead of waiting for its timer.</summary>
    public void Retry(string actor, DateTime now)
    {
        RequireActor(actor);
        // Running -> Queued is legal for the supervisor's restart after a worker is gone; an admin's retry would queue
        // the move a second time under its live worker.
        if (Status == MoveStatus.Running)
            throw new InvalidOperationException("The move is running; suspend it first or wait for its step to finish.");
        var from = Status;
        QueueAgainNow("retry", now);
        if (from == MoveStatus.Failed)
        {
            FinishedAt = null;
            Restarts = 0;
        }
        Record(now, MoveEventKind.AdminAction, $"Retry requested while {from}; {Phase.DisplayName()} runs again now.", actor);
    }

    /// <summary>Skip: the admin dropped an item that holds the move; it is counted as skipped and the move goes on.</summary>
    public void RecordSkippedItem(string itemDescription, string actor, DateTime now)
    {
        RequireActor(actor);
        if (Status is not (MoveStatus.Stalled or MoveStatus.Waiting or MoveStatus.Suspended))
            throw new InvalidOperationException($"Items can be skipped only while the move waits for a person; this one is {Status}.");
        ItemsSkipped++;
        LastActivityAt = now;
        Record(now, MoveEventKind.ItemSkipped, $"Skipped {itemDescription}.", actor);
    }

    /// <summary>
    /// Force Complete: every remaining item was recorded as skipped by the admin. The move goes on with final sync,
    /// not straight to purge, so mail that reached the source after the inventory is still moved before the source goes.
    /// </summary>
    public void ForceComplete(int skippedItems, string actor, DateTime now)
    {
        RequireActor(actor);
        if (Phase.IsBefore(MovePhase.ItemRequest, Options.Mode))
            throw new InvalidOperationException($"A move in {Phase.DisplayName()} has moved nothing yet; cancel it instead of forcing it complete.");
        if (Phase == MovePhase.Finished)
            throw new InvalidMoveTransitionException(Status, MoveStatus.Queued, "force complete");
        var from = Status;
        QueueAgainNow("force complete", now);
        ItemsSkipped += skippedItems;
        // A copy-first move not yet cut over still has its admin rename to do, before the final sync.
        Phase = Options.Mode == MoveMode.CopyFirst && Phase.IsBefore(MovePhase.FinalSync, Options.Mode) ? MovePhase.AdminRename : MovePhase.FinalSync;
        Record(now, MoveEventKind.AdminAction,
            $"Force Complete while {from}: {skippedItems:N0} remaining {(skippedItems == 1 ? "item" : "items")} recorded as skipped; new mail at the source is still moved, then the source is purged.", actor);
    }

    /// <summary>
    /// Stop deferred retries: a move waiting in the no-server or deferred cycle stops retrying on its own and waits for
    /// an admin (Stalled), as the utility's deferred retry message is withdrawn; a stalled move is no longer re-examined
    /// on the deferred schedule. Busy post offices and full move slots are not stopped this way: they clear by
    /// themselves within minutes; Suspend holds such a move.
    /// </summary>
    public void StopDeferredRetries(string actor, DateTime now)
    {
        RequireActor(actor);
        var reexamined = Status == MoveStatus.Stalled && RetryCause == Moves.RetryCause.Deferred && NotBefore is not null;
        if (!reexamined && (Status != MoveStatus.Waiting || RetryCause is not (Moves.RetryCause.NoServer or Moves.RetryCause.Deferred)))
            throw new InvalidOperationException(Status == MoveStatus.Waiting
                ? "This move waits for a busy post office or a free move slot, not for deferred retries; Suspend it to hold it."
                : $"Only a move waiting for deferred retries, or stalled with a re-examination to come, can have them stopped; this one is {Status}.");
        var stopped = $"{RetryCause} retry {RetryAttempt}";
        if (!reexamined) ChangeStatus(MoveStatus.Stalled, "stop the deferred retries of");
        WaitReason = $"Automatic retries stopped by {actor}" + (LastError is null ? "" : $"; last error: {LastError}")
            + ". Retry, Restart the entire move or Cancel.";
        NotBefore = null;
        RetryCause = null;
        RetryAttempt = 0;
        LastActivityAt = now;
        Record(now, MoveEventKind.AdminAction, $"Deferred retries stopped at {stopped}; the move waits for an administrator.", actor);
    }

    /// <summary>
    /// Restart the entire move: it runs again from Preflight and takes a fresh inventory. The counts start afresh; the
    /// inventory step counts again what is already at the target, which is never sent twice.
    /// </summary>
    public void RestartEntireMove(string actor, DateTime now)
    {
        RequireActor(actor);
        if (Status == MoveStatus.Running)
            throw new InvalidOperationException("The move is running; Suspend it first, then restart it.");
        var from = Status;
        var phase = Phase;
        QueueAgainNow("restart", now);
        Phase = MovePhase.Preflight;
        InventoryTakenAt = null;
        InventoryTotal = 0;
        ItemsMoved = 0;
        ItemsSkipped = 0;
        BytesTotal = 0;
        BytesMoved = 0;
        RecentBytesPerSecond = 0;
        LastSampleAt = null;
        LastSampleBytes = 0;
        FinishedAt = null;
        Restarts = 0;
        RestartWithPriority = false;
        ForgetGrade();
        Record(now, MoveEventKind.AdminAction,
            $"Restart of the entire move requested while {from} in {phase.DisplayName()}: it runs again from Preflight with a fresh inventory; " +
            "items already at the target are not sent again.", actor);
    }

    public void Suspend(string actor, DateTime now)
    {
        RequireActor(actor);
        // A queued move keeps its start time, so Resume does not start a move scheduled for tonight right away.
        if (Status != MoveStatus.Queued) NotBefore = null;
        ChangeStatus(MoveStatus.Suspended, "suspend");
        WaitReason = $"Suspended by {actor}";
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

    /// <summary>Back to the queue at once, with no timer and no retry cycle left over from before.</summary>
    private void QueueAgainNow(string action, DateTime now)
    {
        ChangeStatus(MoveStatus.Queued, action);
        NotBefore = null;
        WaitReason = null;
        RetryCause = null;
        RetryAttempt = 0;
        LastActivityAt = now;
    }

    private static void RequireActor(string actor) => ArgumentException.ThrowIfNullOrWhiteSpace(actor);
}
