using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Synced copy-first moves whose next incremental sync or cutover is due go back to the queue and to the job engine.
/// The time is the move's, in the database, so a sync that was due while every node was down runs when one is back.
/// </summary>
public sealed class SyncedMoves(
    IDbContextFactory<MoveCenterDbContext> dbFactory, MoveDispatcher dispatcher, IOptions<EngineOptions> options, TimeProvider clock, ILogger<SyncedMoves> logger)
{
    public async Task WakeDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        var now = clock.GetUtcNow().UtcDateTime;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            due = await db.Moves.AsNoTracking().WorkableAt(db, options.Value.Site)
                .Where(m => m.Status == MoveStatus.Synced && m.NotBefore != null && m.NotBefore <= now)
                .OrderBy(m => m.NotBefore)
                .Select(m => m.Id)
                .Take(200)
                .ToListAsync(cancellationToken);
        foreach (var moveId in due)
            if (await WakeAsync(moveId, now, cancellationToken))
                await dispatcher.TryDispatchAsync(moveId, cancellationToken);
    }

    private async Task<bool> WakeAsync(Guid moveId, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.Moves.SingleAsync(m => m.Id == moveId, cancellationToken);
        move.Wake(now);
        if (move.Status != MoveStatus.Queued) return false;
        db.SetDispatchedAt(move, null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return false; // an admin acted, or another node's supervisor woke it first
        }
        logger.LogInformation("Synced move {MoveId} of {UserId} woken for its {Phase}", moveId, move.UserId, move.Phase.DisplayName());
        return true;
    }
}
