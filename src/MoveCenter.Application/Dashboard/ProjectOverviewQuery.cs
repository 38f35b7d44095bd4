using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Dashboard;

/// <summary>The bytes moved in one stretch of time (an hour or a day, starting at <see cref="From"/>, UTC).</summary>
public sealed record BytesMovedIn(DateTime From, long Bytes);

/// <summary>
/// The whole project at a glance (DESIGN §11): moves and batches by status, what was moved when, and how long what is
/// still to move will take.
/// </summary>
/// <param name="Remaining">The forecast for every move not finished yet, from the pilot moves' speed and the windows.</param>
/// <param name="NotMoved">The most frequent reasons items were left behind, across all moves, each with its fix.</param>
public sealed record ProjectOverview(
    IReadOnlyDictionary<MoveStatus, int> Moves, IReadOnlyDictionary<string, int> Batches, long BytesMoved,
    IReadOnlyList<BytesMovedIn> ByDay, IReadOnlyList<BytesMovedIn> ByHour, BatchForecast Remaining, IReadOnlyList<NotMovedCategoryView> NotMoved);

/// <summary>
/// Reads the overview from the moves and their progress samples. Bytes are counted when they were moved (from the
/// samples), not when a move finished, so a week-long move shows on every day it worked.
/// </summary>
public sealed class ProjectOverviewQuery(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, TimeProvider clock)
{
    public const int Days = 14;
    public const int Hours = 48;
    public const int MostFrequent = 5;

    public async Task<ProjectOverview> GetAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var moves = await db.Moves.AsNoTracking().Where(m => !m.Cleared)
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count(), Bytes = g.Sum(m => m.BytesMoved) })
            .ToListAsync(cancellationToken);
        var byStatus = Enum.GetValues<MoveStatus>().ToDictionary(s => s, s => moves.FirstOrDefault(m => m.Status == s)?.Count ?? 0);

        var today = now.Date;
        var byDay = await BytesMovedAsync(db, today.AddDays(1 - Days), Days, TimeSpan.FromDays(1), cancellationToken);
        var thisHour = today.AddHours(now.Hour);
        var byHour = await BytesMovedAsync(db, thisHour.AddHours(1 - Hours), Hours, TimeSpan.FromHours(1), cancellationToken);

        var unfinished = await db.Moves.AsNoTracking()
            .Where(m => !m.Cleared && m.Status != MoveStatus.Completed && m.Status != MoveStatus.Failed && m.Status != MoveStatus.Cancelled)
            .Select(m => new PlannedMove(m.SourcePostOfficeId, m.TargetPostOfficeId, m.InventoryTakenAt != null ? m.BytesTotal - m.BytesMoved : null))
            .ToListAsync(cancellationToken);
        var remaining = await BatchForecaster.ForecastAsync(db, unfinished, now, batch: null, cancellationToken);

        var notMoved = await db.NotMoved().CategoriesAsync(options.Value.LargeItemLimit, cancellationToken);
        return new ProjectOverview(byStatus, await BatchesByStatusAsync(db, cancellationToken), moves.Sum(m => m.Bytes), byDay, byHour, remaining,
            [.. notMoved.Take(MostFrequent)]);
    }

    /// <summary>
    /// Bytes moved in each of <paramref name="count"/> stretches from <paramref name="from"/>: per move, how far its
    /// samples rose in the stretch over where they stood before it. A restart starts a move's bytes again at zero, so
    /// after a fall the bytes are counted from zero.
    /// </summary>
    private static async Task<IReadOnlyList<BytesMovedIn>> BytesMovedAsync(
        MoveCenterDbContext db, DateTime from, int count, TimeSpan stretch, CancellationToken cancellationToken)
    {
        var points = (await db.MoveProgressSamples.AsNoTracking()
            .Where(s => s.At >= from)
            .GroupBy(s => new { s.MoveId, Day = s.At.Date, Hour = stretch < TimeSpan.FromDays(1) ? s.At.Hour : 0 })
            .Select(g => new { g.Key.MoveId, g.Key.Day, g.Key.Hour, Bytes = g.Max(s => s.BytesMoved) })
            .ToListAsync(cancellationToken))
            .Select(s => (s.MoveId, From: s.Day.AddHours(s.Hour), s.Bytes)).ToList();
        // A move's last progress is on its row: one shorter than the sampling interval has no sample at all.
        var latest = await db.Moves.AsNoTracking().Where(m => m.BytesMoved > 0 && m.LastActivityAt >= from)
            .Select(m => new { m.Id, m.LastActivityAt, m.BytesMoved }).ToListAsync(cancellationToken);
        points.AddRange(latest.Select(m => (m.Id, from + Math.Floor((m.LastActivityAt - from) / stretch) * stretch, m.BytesMoved)));
        var samples = points.GroupBy(p => (p.MoveId, p.From)).Select(g => (g.Key.MoveId, g.Key.From, Bytes: g.Max(p => p.Bytes))).ToList();

        var movers = samples.Select(s => s.MoveId).Distinct().ToList();
        var before = await db.MoveProgressSamples.AsNoTracking()
            .Where(s => s.At < from && movers.Contains(s.MoveId))
            .GroupBy(s => s.MoveId)
            .Select(g => new { MoveId = g.Key, Bytes = g.Max(s => s.BytesMoved) })
            .ToDictionaryAsync(g => g.MoveId, g => g.Bytes, cancellationToken);

        var moved = new long[count];
        foreach (var move in samples.GroupBy(s => s.MoveId))
        {
            var last = before.GetValueOrDefault(move.Key);
            foreach (var bucket in move.OrderBy(s => s.From))
            {
                var index = (int)((bucket.From - from) / stretch);
                if (index >= 0 && index < count) moved[index] += bucket.Bytes >= last ? bucket.Bytes - last : bucket.Bytes;
                last = bucket.Bytes;
            }
        }
        return moved.Select((bytes, i) => new BytesMovedIn(from + i * stretch, bytes)).ToList();
    }

    /// <summary>Batches by the status their moves give them, as the batch list names it.</summary>
    private static async Task<IReadOnlyDictionary<string, int>> BatchesByStatusAsync(MoveCenterDbContext db, CancellationToken cancellationToken)
    {
        var moves = await db.Moves.AsNoTracking().Where(m => m.BatchId != null)
            .GroupBy(m => new { m.BatchId, m.Status, Started = m.StartedAt != null }).Select(g => g.Key)
            .ToListAsync(cancellationToken);
        return moves.GroupBy(m => m.BatchId)
            .Select(batch => BatchQueries.StatusOf(batch.Select(m => (m.Status, m.Started)).ToList()))
            .GroupBy(status => status).ToDictionary(g => g.Key, g => g.Count());
    }
}
