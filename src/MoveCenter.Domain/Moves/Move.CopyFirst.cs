namespace MoveCenter.Domain.Moves;

/// <summary>
/// A copy-first move (DESIGN §10): after its first copy it is Synced, woken for an incremental sync every
/// <see cref="MoveOptions.IncrementalSyncInterval"/>, until its cutover (admin rename, a last sync, purge) at
/// <see cref="MoveOptions.CompleteAfter"/> or on Complete.
/// </summary>
public sealed partial class Move
{
    /// <summary>Whether the cutover has begun: the admin rename is done or due, so no incremental sync comes any more.</summary>
    public bool CutoverBegun => Options.Mode == MoveMode.CopyFirst && !Phase.IsBefore(MovePhase.AdminRename, Options.Mode);

    /// <summary>Everything is copied; the move waits for its next sync, or cuts over at once when its time has come.</summary>
    private void EnterSynced(DateTime now)
    {
        if (Options.CompleteAfter is { } cutover && cutover <= now)
        {
            Phase = MovePhase.AdminRename;
            Record(now, MoveEventKind.PhaseStarted, $"{Phase.DisplayName()} started: completeAfter {cutover:u} has come, the cutover begins.");
            return;
        }
        ChangeStatus(MoveStatus.Synced, "mark synced");
        NotBefore = NextSyncAt(now);
        WaitReason = $"Synced; the user stays on the source until the cutover. Next incremental sync at {NotBefore:yyyy-MM-dd HH:mm} UTC"
            + (Options.CompleteAfter is { } at ? $", cutover after {at:yyyy-MM-dd HH:mm} UTC or on Complete." : "; cutover on Complete.");
        Record(now, MoveEventKind.Synced, WaitReason);
    }

    private DateTime NextSyncAt(DateTime now)
    {
        var next = now + Options.IncrementalSyncInterval;
        return Options.CompleteAfter is { } cutover && cutover < next ? cutover : next;
    }

    /// <summary>
    /// A synced move whose time has come goes back to the queue: for its cutover when completeAfter has passed,
    /// otherwise for an incremental sync.
    /// </summary>
    public void Wake(DateTime now)
    {
        if (Status != MoveStatus.Synced || NotBefore > now) return;
        ChangeStatus(MoveStatus.Queued, "wake");
        NotBefore = null;
        WaitReason = null;
        LastActivityAt = now;
        if (Options.CompleteAfter is { } cutover && cutover <= now)
        {
            Phase = MovePhase.AdminRename;
            Record(now, MoveEventKind.Note, $"Cutover: completeAfter {cutover:u} has come; admin rename, a last incremental sync, then purge.");
        }
    }

    /// <summary>
    /// Complete: cut a synced copy-first move over now. Asked again once the cutover has begun, or after it, it
    /// changes nothing.
    /// </summary>
    /// <returns>False when the cutover had begun already.</returns>
    public bool RequestCutover(string actor, DateTime now)
    {
        RequireActor(actor);
        if (Options.Mode != MoveMode.CopyFirst)
            throw new InvalidOperationException("Only a copy-first move has a cutover; a switch-first move has its admin rename at the start.");
        if (CutoverBegun && Status != MoveStatus.Cancelled && Status != MoveStatus.Failed) return false;
        if (Status != MoveStatus.Synced)
            throw new InvalidMoveTransitionException(Status, MoveStatus.Queued,
                Status == MoveStatus.Running ? "cut over (its copy is running; Complete when it is Synced)" : "cut over");
        QueueAgainNow("cut over", now);
        Phase = MovePhase.AdminRename;
        Record(now, MoveEventKind.AdminAction, "Complete requested: cutover now, with admin rename, a last incremental sync, then purge.", actor);
        return true;
    }

    /// <summary>
    /// Items gone from the source since the last sync, removed from the inventory (and from the target, where they had
    /// arrived): they leave the counts as if never listed.
    /// </summary>
    public void ForgetSourceItems(int items, long bytes, int moved, long movedBytes, int skipped, DateTime now)
    {
        RequireStatus(MoveStatus.Running, "forget items of");
        InventoryTotal = Math.Max(0, InventoryTotal - items);
        BytesTotal = Math.Max(0, BytesTotal - bytes);
        ItemsMoved = Math.Max(0, ItemsMoved - moved);
        BytesMoved = Math.Max(0, BytesMoved - movedBytes);
        ItemsSkipped = Math.Max(0, ItemsSkipped - skipped);
        LastActivityAt = now;
    }
}
