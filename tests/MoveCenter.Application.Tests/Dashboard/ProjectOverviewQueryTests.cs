using Microsoft.Extensions.Time.Testing;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Dashboard;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Dashboard;

/// <summary>The project view from seeded history: bytes counted when they were moved, from the moves' progress samples.</summary>
public sealed class ProjectOverviewQueryTests : IAsyncLifetime
{
    private static readonly DateTime Now = new(2026, 12, 10, 12, 30, 0, DateTimeKind.Utc);
    private static readonly DateTime Today = Now.Date;
    private SeededDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _db = await SeededDatabase.CreateAsync();

    [Fact]
    public Task Bytes_are_counted_on_the_day_and_hour_they_were_moved_from_where_each_move_stood_before() => BytesCountedWhenMovedAsync(_db);

    /// <summary>Also run on every server database by <see cref="ServerDatabases.ServerDatabaseEngineTests"/>: days and hours are grouped in SQL.</summary>
    internal static async Task BytesCountedWhenMovedAsync(SeededDatabase seeded)
    {
        // Finished yesterday at 10:45 and today at 09:10: 300 bytes yesterday, 200 today.
        var finished = await seeded.AddMoveAsync("UserA", MoveStatus.Completed, 500, 500, Today.AddDays(-1).AddHours(10), Today.AddHours(9).AddMinutes(10));
        await SampleAsync(seeded, finished, (Today.AddDays(-1).AddHours(10), 100), (Today.AddDays(-1).AddHours(10).AddMinutes(30), 300), (Today.AddHours(9), 500));
        // Began three days ago: 1,000 bytes then, 500 more at 11:00 today.
        var running = await seeded.AddMoveAsync("UserB", MoveStatus.Running, 4_000, 1_500, Today.AddDays(-3), null, lastActivityAt: Today.AddHours(11));
        await SampleAsync(seeded, running, (Today.AddDays(-3).AddHours(8), 1_000), (Today.AddHours(11), 1_500));
        // Restarted at 11:00 today: its bytes begin again at zero, and the 100 after the restart were moved too.
        var restarted = await seeded.AddMoveAsync("UserC", MoveStatus.Running, 900, 100, Today.AddHours(10), null, lastActivityAt: Today.AddHours(11));
        await SampleAsync(seeded, restarted, (Today.AddHours(10), 800), (Today.AddHours(11), 100));
        // Done in a second at 12:10, before its first sample was due: its row alone says what it moved.
        await seeded.AddMoveAsync("UserD", MoveStatus.Completed, 250, 250, Today.AddHours(12).AddMinutes(10), Today.AddHours(12).AddMinutes(10));

        var overview = await Overview(seeded).GetAsync(Ct);

        var byDay = overview.ByDay.ToDictionary(d => d.From, d => d.Bytes);
        Assert.Equal(ProjectOverviewQuery.Days, overview.ByDay.Count);
        // A day counts a move by its highest point, so the restart inside today shows only in the hours.
        Assert.Equal((1_000, 300, 200 + 500 + 800 + 250), (byDay[Today.AddDays(-3)], byDay[Today.AddDays(-1)], byDay[Today]));
        var byHour = overview.ByHour.ToDictionary(h => h.From, h => h.Bytes);
        Assert.Equal(ProjectOverviewQuery.Hours, overview.ByHour.Count);
        Assert.Equal(Today.AddHours(12), overview.ByHour[^1].From);
        Assert.Equal((300, 200, 800, 500 + 100, 250),
            (byHour[Today.AddDays(-1).AddHours(10)], byHour[Today.AddHours(9)], byHour[Today.AddHours(10)], byHour[Today.AddHours(11)], byHour[Today.AddHours(12)]));
        Assert.Equal(300 + 200 + 800 + 500 + 100 + 250, overview.ByHour.Sum(h => h.Bytes));
    }

    [Fact]
    public async Task Moves_and_batches_are_counted_by_status_and_what_is_unfinished_is_forecast_from_the_finished_ones()
    {
        var batch = Guid.NewGuid();
        await using (var db = await _db.Factory.CreateDbContextAsync(Ct))
        {
            db.Batches.Add(Batch.Create(batch, "Night", null, "admin", Now.AddDays(-1)));
            await db.SaveChangesAsync(Ct);
        }
        var left = await _db.AddMoveAsync("UserA", MoveStatus.Completed, 3_600_000, 3_600_000, Now.AddHours(-3), Now.AddHours(-2), batch);
        await _db.AddMoveAsync("UserB", MoveStatus.Completed, 3_600_000, 3_600_000, Now.AddHours(-2), Now.AddHours(-1), batch);
        await _db.AddMoveAsync("UserC", MoveStatus.Running, 7_200_000, 0, Now.AddMinutes(-1), null);
        await _db.AddMoveAsync("UserD", MoveStatus.Queued, 0, 0, null, null, inventoried: false);

        await LeaveBehindAsync(left, [(NotMovedCategory.TooLarge, 200_000_000), (NotMovedCategory.TooLarge, 300_000_000), (NotMovedCategory.RefusedByTarget, 10)]);

        var overview = await Overview(_db).GetAsync(Ct);

        Assert.Equal([(NotMovedCategory.TooLarge, 2, 500_000_000L), (NotMovedCategory.RefusedByTarget, 1, 10L)],
            overview.NotMoved.Select(c => (c.Category, c.Count, c.Bytes)));
        Assert.Contains("raise `MoveCenter:Engine:LargeItemLimit`", overview.NotMoved[0].Fix);
        Assert.Equal((2, 1, 1, 0), (overview.Moves[MoveStatus.Completed], overview.Moves[MoveStatus.Running], overview.Moves[MoveStatus.Queued], overview.Moves[MoveStatus.Failed]));
        Assert.Equal(new Dictionary<string, int> { ["Completed"] = 1 }, overview.Batches);
        Assert.Equal(7_200_000, overview.BytesMoved);
        // 1,000 bytes/s measured on the two finished moves; UserD counted at their average size, 3,600,000 bytes.
        Assert.Equal(2, overview.Remaining.Moves);
        Assert.Equal(7_200_000 + 3_600_000, overview.Remaining.EstimatedBytes);
        Assert.NotNull(overview.Remaining.EstimatedCompletion);
    }

    /// <summary>Items the move left behind as the engine records them: over the limit and skipped, or refused by the target.</summary>
    private async Task LeaveBehindAsync(Guid moveId, (NotMovedCategory Category, long Size)[] items)
    {
        await using var db = await _db.Factory.CreateDbContextAsync(Ct);
        foreach (var (category, size) in items)
        {
            var item = new InventoryItem(moveId, db.InventoryItems.Local.Count + 1, InventoryKind.Message, "INBOX", $"key{size}", size);
            if (category == NotMovedCategory.TooLarge) item.Skip(Move.SystemActor, category, "over the large item limit", Now);
            else item.RecordFailure("[OVERQUOTA] Quota exceeded", category, badItemLimit: 1, Now);
            db.InventoryItems.Add(item);
        }
        await db.SaveChangesAsync(Ct);
    }

    private static ProjectOverviewQuery Overview(SeededDatabase seeded) =>
        new(seeded.Factory, Options.Create(new EngineOptions()), new FakeTimeProvider(Now));

    private static async Task SampleAsync(SeededDatabase seeded, Guid moveId, params (DateTime At, long Bytes)[] samples)
    {
        await using var db = await seeded.Factory.CreateDbContextAsync(Ct);
        db.MoveProgressSamples.AddRange(samples.Select(s => new MoveProgressSample(moveId, s.At, 0, s.Bytes)));
        await db.SaveChangesAsync(Ct);
    }

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
