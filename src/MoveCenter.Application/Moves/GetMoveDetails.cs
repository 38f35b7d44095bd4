using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed class GetMoveDetailsHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<MoveDetails?> HandleAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var summary = await db.FindSummaryAsync(moveId, cancellationToken);
        if (summary is null) return null;
        var settings = await db.Moves.AsNoTracking().Where(m => m.Id == moveId)
            .Select(m => new { m.Options.BadItemLimit, m.Options.PurgeMode, m.RequestedBy })
            .SingleAsync(cancellationToken);
        var history = await db.MoveEvents.AsNoTracking()
            .Where(e => e.MoveId == moveId)
            .OrderBy(e => e.Id)
            .Select(e => new MoveHistoryEntry(e.Id, e.At, e.Kind, e.Message, e.Actor))
            .ToListAsync(cancellationToken);
        var progress = await db.MoveProgressSamples.AsNoTracking()
            .Where(p => p.MoveId == moveId)
            .OrderBy(p => p.At)
            .Select(p => new ProgressPoint(p.At, p.ItemsMoved, p.BytesMoved))
            .ToListAsync(cancellationToken);
        var inventory = (await db.InventoryItems.AsNoTracking()
                .Where(i => i.MoveId == moveId)
                .GroupBy(i => new { i.Kind, i.State })
                .Select(g => new { g.Key.Kind, g.Key.State, Count = g.Count(), Bytes = g.Sum(i => i.Size) })
                .ToListAsync(cancellationToken))
            .OrderBy(c => c.Kind).ThenBy(c => c.State)
            .Select(c => new InventoryCount(c.Kind.ToString(), c.State.ToString(), c.Count, c.Bytes))
            .ToList();
        return new MoveDetails(summary, settings.BadItemLimit, settings.PurgeMode, settings.RequestedBy, history, progress, inventory)
        {
            Cleanup = await db.ForMoveAsync(moveId, cancellationToken),
        };
    }
}
