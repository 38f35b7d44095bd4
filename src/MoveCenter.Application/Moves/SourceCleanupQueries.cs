using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

/// <summary>A source mailbox the purge could not remove, as the move page, the list and the API show it.</summary>
public sealed record SourceCleanupView(
    long Id,
    Guid MoveId,
    string UserId,
    string PostOffice,
    CleanupState State,
    int Attempts,
    string LastError,
    DateTime CreatedAt,
    DateTime? LastAttemptAt,
    DateTime? NextAttemptAt,
    DateTime RetryUntil,
    DateTime? CompletedAt,
    string? RetriedBy);

/// <summary>The cleanup table, read: one move's cleanup, and every cleanup not done yet.</summary>
public sealed class SourceCleanupQueries(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<SourceCleanupView?> ForMoveAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ForMoveAsync(moveId, cancellationToken);
    }

    /// <summary>Cleanups still pending or waiting for an admin, those needing an admin first: none is ever dropped from here.</summary>
    public async Task<IReadOnlyList<SourceCleanupView>> ListOpenAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var open = await db.Views(db.PendingCleanups.Where(c => c.State != CleanupState.Done)).ToListAsync(cancellationToken);
        return open.OrderByDescending(c => c.State == CleanupState.NeedsAdmin).ThenBy(c => c.CreatedAt).ToList();
    }
}

internal static class SourceCleanupProjection
{
    /// <summary>The move's latest cleanup: a move has at most one open, and an earlier one is done.</summary>
    public static Task<SourceCleanupView?> ForMoveAsync(this MoveCenterDbContext db, Guid moveId, CancellationToken cancellationToken) =>
        db.Views(db.PendingCleanups.Where(c => c.MoveId == moveId
            && c.Id == db.PendingCleanups.Where(latest => latest.MoveId == moveId).Max(latest => latest.Id))).FirstOrDefaultAsync(cancellationToken);

    public static IQueryable<SourceCleanupView> Views(this MoveCenterDbContext db, IQueryable<PendingCleanup> cleanups) =>
        from cleanup in cleanups.AsNoTracking()
        join postOffice in db.PostOffices on cleanup.PostOfficeId equals postOffice.Id
        select new SourceCleanupView(cleanup.Id, cleanup.MoveId, cleanup.UserId, postOffice.Name, cleanup.State, cleanup.Attempts,
            cleanup.LastError, cleanup.CreatedAt, cleanup.LastAttemptAt, cleanup.NextAttemptAt, cleanup.RetryUntil, cleanup.CompletedAt,
            cleanup.RetriedBy);
}
