using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>The Move User Status list over a real SQLite database.</summary>
public sealed class ListMovesTests : IDisposable
{
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_running_move_has_its_throughput_and_time_left_by_bytes_in_the_list_without_its_samples_being_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var moveId = await host.QueueAsync("UserA");
        var start = DateTime.UtcNow;
        await using (var db = await host.DbAsync())
        {
            var move = await db.Moves.SingleAsync(m => m.Id == moveId, ct);
            move.BeginWork(start);
            move.RecordInventory(100, 300L << 20, start);
            move.RecordProgress(10, 0, 0, start);
            move.RecordProgress(20, 0, 12L << 20, start.AddSeconds(10));
            await db.SaveChangesAsync(ct);
            // The list must not need the samples: 10,000 moves would mean reading all of theirs.
            await db.MoveProgressSamples.Where(s => s.MoveId == moveId).ExecuteDeleteAsync(ct);
        }

        var page = await host.Services.GetRequiredService<ListMovesHandler>().HandleAsync(new ListMovesQuery(), ct);

        var listed = Assert.Single(page.Items);
        Assert.Equal(1.2 * (1 << 20), listed.BytesPerSecond!.Value, precision: 3);
        // 288 MB left at 1.2 MB/s.
        Assert.Equal(TimeSpan.FromSeconds(240), listed.EstimatedTimeLeft);
    }

    public void Dispose() => _data.Dispose();
}
