using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

/// <summary>The parts of a move page's details, each readable from where a page left off.</summary>
internal static class MoveDetailQueries
{
    public static Task<List<MoveHistoryEntry>> HistoryAfterAsync(this MoveCenterDbContext db, Guid moveId, long afterId, CancellationToken cancellationToken) =>
        db.MoveEvents.AsNoTracking()
            .Where(e => e.MoveId == moveId && e.Id > afterId)
            .OrderBy(e => e.Id)
            .Select(e => new MoveHistoryEntry(e.Id, e.At, e.Kind, e.Message, e.Actor))
            .ToListAsync(cancellationToken);

    /// <summary>The samples after <paramref name="afterId"/> in time order, and the id of the newest one (or <paramref name="afterId"/>).</summary>
    public static async Task<(List<ProgressPoint> Points, long LastId)> ProgressAfterAsync(
        this MoveCenterDbContext db, Guid moveId, long afterId, CancellationToken cancellationToken)
    {
        var samples = await db.MoveProgressSamples.AsNoTracking()
            .Where(p => p.MoveId == moveId && p.Id > afterId)
            .OrderBy(p => p.At)
            .Select(p => new { p.Id, Point = new ProgressPoint(p.At, p.ItemsMoved, p.BytesMoved) })
            .ToListAsync(cancellationToken);
        return (samples.Select(s => s.Point).ToList(), samples.Count == 0 ? afterId : samples.Max(s => s.Id));
    }

    public static async Task<List<InventoryCount>> InventoryBreakdownAsync(this MoveCenterDbContext db, Guid moveId, CancellationToken cancellationToken) =>
        (await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId)
            .GroupBy(i => new { i.Kind, i.State })
            .Select(g => new { g.Key.Kind, g.Key.State, Count = g.Count(), Bytes = g.Sum(i => i.Size) })
            .ToListAsync(cancellationToken))
        .OrderBy(c => c.Kind).ThenBy(c => c.State)
        .Select(c => new InventoryCount(c.Kind.ToString(), c.State.ToString(), c.Count, c.Bytes))
        .ToList();
}
