using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// maxBytesPerSecond (DESIGN §9): the moves holding a post office's slots share its byte rate, on every node, and a
/// move's transfer waits after each block until the bytes sent fit its share.
/// </summary>
public sealed class ByteRateLimitTests : FakeClockEngineTests
{
    [Fact]
    public async Task The_moves_holding_a_post_offices_slots_share_its_byte_rate_and_an_unlimited_side_limits_nothing()
    {
        await LimitAsync(DemoDirectorySeeder.SourcePostOffice, 1_000_000);
        var source = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        var target = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice);
        var limits = Engine.Host.Services.GetRequiredService<ByteRateLimits>();

        Assert.Equal(1_000_000, await limits.ShareAsync(source, target, Ct));
        foreach (var user in new[] { "UserA", "UserB" })
        {
            var moveId = await Engine.QueueAsync(user);
            Assert.NotNull(await Engine.Leases.TryAcquireAsync(moveId, Ct));
            Assert.Null(await Engine.SlotWaiters.TryClaimAsync(moveId, source, target, Ct));
        }

        Assert.Equal(500_000, await limits.ShareAsync(source, target, Ct));
        Assert.Null(await limits.ShareAsync(target, target, Ct));
    }

    [Fact]
    public async Task A_transfer_waits_after_a_block_until_its_bytes_fit_the_rate_and_not_longer()
    {
        var clock = new FakeTimeProvider(FakeClockEngine.Start);
        var pace = new TransferPace(_ => Task.FromResult<long?>(1_000), clock, TimeSpan.FromMinutes(15));

        var first = pace.AfterAsync(5_000, Ct);
        clock.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(first.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(0.1));
        await first.WaitAsync(TimeSpan.FromMinutes(1), Ct);

        // Blocks sent slower than the rate allows are not held at all.
        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(pace.AfterAsync(5_000, Ct).IsCompleted);
    }

    [Fact]
    public async Task A_pause_never_outlasts_the_longest_the_watchdog_allows()
    {
        var clock = new FakeTimeProvider(FakeClockEngine.Start);
        var pace = new TransferPace(_ => Task.FromResult<long?>(1), clock, TimeSpan.FromMinutes(15));

        var pause = pace.AfterAsync(1_000_000_000, Ct);
        clock.Advance(TimeSpan.FromMinutes(15));

        await pause.WaitAsync(TimeSpan.FromMinutes(1), Ct);
    }

    private async Task LimitAsync(string postOffice, long bytesPerSecond)
    {
        await using var db = await Engine.Host.DbAsync();
        await db.PostOffices.Where(p => p.Name == postOffice).ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxBytesPerSecond, bytesPerSecond), Ct);
    }
}
