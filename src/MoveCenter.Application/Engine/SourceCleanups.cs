using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Tries again to remove source mailboxes that a purge could not remove (the cleanup table). Every node's supervisor
/// calls it; a conditional update lets one node at a time try each cleanup. Success, and the end of the schedule, are
/// written to the move's history, so the cleanup is never forgotten.
/// </summary>
public sealed class SourceCleanups(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IMailStoreFactory stores,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<SourceCleanups> logger)
{
    private RetryPolicy Policy => options.Value.Retry;

    public async Task RetryDueAsync(CancellationToken cancellationToken)
    {
        List<long> due;
        var now = Now;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            due = await db.PendingCleanups.AsNoTracking()
                .Where(c => c.State == CleanupState.Pending && c.NextAttemptAt <= now)
                .OrderBy(c => c.NextAttemptAt)
                .Select(c => c.Id)
                .Take(50)
                .ToListAsync(cancellationToken);
        foreach (var id in due) await TryAsync(id, cancellationToken);
    }

    /// <summary>Removes the mailbox if the cleanup is due and no other node is at it; false when it was not this node's to try.</summary>
    public async Task<bool> TryAsync(long cleanupId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var claimedUntil = now + Policy.CleanupInterval;
        var claimed = await db.PendingCleanups
            .Where(c => c.Id == cleanupId && c.State == CleanupState.Pending && c.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.NextAttemptAt, claimedUntil), cancellationToken);
        if (claimed == 0) return false;

        var cleanup = await db.PendingCleanups.SingleAsync(c => c.Id == cleanupId, cancellationToken);
        var postOffice = await db.PostOffices.AsNoTracking().SingleAsync(p => p.Id == cleanup.PostOfficeId, cancellationToken);
        var move = await db.Moves.SingleAsync(m => m.Id == cleanup.MoveId, cancellationToken);
        var where = $"{cleanup.UserId}'s old mailbox on {postOffice.Name}";
        if (await HarmfulAsync(db, cleanup, postOffice, cancellationToken) is { } harm)
        {
            cleanup.Refuse(harm, Now);
            move.Note(Now, MoveEventKind.Note, $"Cleanup of {where} stopped: {harm}. It needs an admin.");
        }
        else if (await TryRemoveMailboxAsync(stores, postOffice, cleanup.UserId, cancellationToken) is { } error)
        {
            cleanup.RecordFailure(error, Policy, Now);
            logger.LogWarning("Cleanup of {UserId} on {PostOffice} failed again (attempt {Attempt}): {Error}", cleanup.UserId, postOffice.Name, cleanup.Attempts, error);
            if (cleanup.State == CleanupState.NeedsAdmin)
                move.Note(Now, MoveEventKind.Note,
                    $"Cleanup of {where} failed {cleanup.Attempts} times: {error}. Cleanup failed, needs an admin: remove the cause, then retry the cleanup.");
        }
        else
        {
            cleanup.MarkDone(Now);
            logger.LogInformation("Cleanup of {UserId} on {PostOffice} done", cleanup.UserId, postOffice.Name);
            move.Note(Now, MoveEventKind.Note, $"Cleanup done: {where} was removed on attempt {cleanup.Attempts + 1}.");
        }
        await SaveAsync(db, cancellationToken);
        return true;
    }

    /// <summary>Removes a mailbox; returns null when it is gone, or the store's words for why it could not be removed.</summary>
    public static async Task<string?> TryRemoveMailboxAsync(IMailStoreFactory stores, PostOffice postOffice, string userId, CancellationToken cancellationToken)
    {
        try
        {
            await using var mailbox = await stores.OpenAsync(postOffice, userId, cancellationToken);
            await mailbox.DeleteAsync(cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return ex.Message.TrimEnd('.');
        }
    }

    /// <summary>Removing the old mailbox is only safe while its owner lives elsewhere and is not on the way back.</summary>
    private static async Task<string?> HarmfulAsync(MoveCenterDbContext db, PendingCleanup cleanup, PostOffice postOffice, CancellationToken cancellationToken)
    {
        var home = await db.DirectoryUsers.Where(u => u.UserId == cleanup.UserId).Select(u => (int?)u.PostOfficeId).SingleOrDefaultAsync(cancellationToken);
        if (home == cleanup.PostOfficeId)
            return $"{cleanup.UserId} lives on {postOffice.Name} again, so removing that mailbox would delete their mail";
        var movingBack = await db.Moves.AnyAsync(m => m.UserId == cleanup.UserId && m.ActiveUserId != null && m.TargetPostOfficeId == cleanup.PostOfficeId, cancellationToken);
        return movingBack ? $"{cleanup.UserId} is being moved back to {postOffice.Name}, so that mailbox is about to be theirs again" : null;
    }

    /// <summary>An admin may have changed the move meanwhile (Clear Status); the history entry is kept, the move's other values are theirs.</summary>
    private static async Task SaveAsync(MoveCenterDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException conflict)
        {
            foreach (var entry in conflict.Entries) await entry.ReloadAsync(cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
