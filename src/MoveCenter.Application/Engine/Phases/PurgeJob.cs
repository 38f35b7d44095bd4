using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Common;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>
/// Removes the user's mailbox from the source, only once every inventory item is at the target or skipped. A removal
/// that fails becomes a pending cleanup, retried on its own schedule; the move completes, since its mail has arrived.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class PurgeJob(
    PhaseRunner runner,
    IMailStoreFactory stores,
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<PurgeJob> logger) : IMovePhase
{
    public MovePhase Phase => MovePhase.Purge;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notAtTarget = await db.InventoryItems.CountAsync(i => i.MoveId == context.MoveId
            && i.State != InventoryState.Moved && i.State != InventoryState.Skipped, cancellationToken);
        var movedWithoutRecord = await db.InventoryItems.CountAsync(i => i.MoveId == context.MoveId && i.State == InventoryState.Moved
            && !db.MigratedItems.Any(m => m.MoveId == context.MoveId && m.InventoryItemId == i.Id), cancellationToken);
        if (notAtTarget > 0 || movedWithoutRecord > 0)
            throw new MoveStallException(
                $"{Counted.Of(notAtTarget + movedWithoutRecord, "item")} {(notAtTarget + movedWithoutRecord == 1 ? "is" : "are")} not confirmed at {context.Target.Name}, so the source was not purged. Retry to move them, or Skip them.");
        await GradeAsync(db, context, cancellationToken);

        string outcome;
        string? failure = null;
        if (context.Options.PurgeMode == PurgeMode.Purge)
        {
            // A refusal (a read-only store, a server gone away) does not stop the move: its mail is at the target already.
            failure = await SourceCleanups.TryRemoveMailboxAsync(stores, context.Source, context.UserId, cancellationToken);
            var policy = options.Value.Retry;
            outcome = failure is null
                ? $"Source mailbox removed from {context.Source.Name}."
                : $"The source mailbox on {context.Source.Name} could not be removed: {failure}. The mail is at the target, so the move " +
                  $"completes; the removal is kept as pending cleanup, tried again every {policy.CleanupInterval.TotalMinutes:N0} minutes " +
                  $"until {clock.GetUtcNow().UtcDateTime + policy.CleanupPeriod:yyyy-MM-dd HH:mm} UTC.";
            if (failure is not null)
                logger.LogWarning("Could not remove {UserId}'s mailbox from {PostOffice}: {Error}; recorded as pending cleanup", context.UserId, context.Source.Name, failure);
        }
        else
        {
            outcome = $"Source mailbox kept on {context.Source.Name} (purge mode Keep).";
        }

        await db.LoadLeasedAsync(context.Lease, cancellationToken);
        // A purge run again after a crash finds the cleanup its first run recorded, and does not record a second one.
        var recorded = await db.PendingCleanups.FirstOrDefaultAsync(c => c.MoveId == context.MoveId && c.State == CleanupState.Pending, cancellationToken);
        if (failure is not null && recorded is null)
            db.PendingCleanups.Add(PendingCleanup.Record(context.MoveId, context.UserId, context.Source.Id, failure, options.Value.Retry, clock.GetUtcNow().UtcDateTime));
        else if (failure is null && context.Options.PurgeMode == PurgeMode.Purge)
            recorded?.MarkDone(clock.GetUtcNow().UtcDateTime);
        var user = await db.DirectoryUsers.SingleAsync(u => u.UserId == context.UserId, cancellationToken);
        user.ClearInTransit();
        await db.SaveFencedAsync(context.Lease, cancellationToken);
        return outcome;
    }

    /// <summary>The grade, once nothing more can arrive; an Investigate grade not yet approved stops the purge before anything is removed.</summary>
    private async Task GradeAsync(MoveCenterDbContext db, PhaseContext context, CancellationToken cancellationToken)
    {
        var move = await db.LoadLeasedAsync(context.Lease, cancellationToken);
        var leftBehind = await db.LeftBehindAsync(context.MoveId, cancellationToken);
        var grade = leftBehind.Grade(move.InventoryTotal, move.BytesTotal, options.Value.GoodSkipShare);
        if (move.GradeBeforePurge(grade, leftBehind, clock.GetUtcNow().UtcDateTime)) return;
        var categories = await db.Of(context.MoveId).CategoriesAsync(options.Value.LargeItemLimit, cancellationToken);
        throw new ApprovalRequiredException(grade, leftBehind,
            $"Graded {grade}: {Counted.Of(leftBehind.Items, "item")} ({Counted.Bytes(leftBehind.Bytes)}) left behind that no admin chose to skip " +
            $"({string.Join(", ", categories.Select(c => $"{c.Name.ToLowerInvariant()}: {c.Count:N0}"))}). The source on {context.Source.Name} stays untouched " +
            "until an admin approves them (Approve skipped items); the move's report lists each item with what fixes it.");
    }
}
