using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>
/// The watchdog: a worker that hangs while its heartbeat keeps its lease alive would hold the move forever; after the
/// progress timeout its phase is stopped and the move restarts, counted and recorded like any automatic restart.
/// </summary>
public sealed class HungWorkerTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_transfer_that_hangs_with_a_live_lease_is_stopped_after_the_progress_timeout_and_the_move_restarts_and_completes()
    {
        // The hang: every append to the target blocks, without end, once 60 messages have arrived.
        var target = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.BlockUntilCancelled, FaultAfter = 60 };
        var settings = new HostSettings { Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:ProgressTimeout"] = "00:00:06" } };
        await using var host = await MoveCenterHost.StartAsync(_data, settings, target.Install);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);

        var moveId = await host.QueueAsync(User);
        await target.Faulted.WaitAsync(MoveCenterHost.WaitLimit, TestContext.Current.CancellationToken);
        target.Fault = ProbeFault.None;
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(1, details.Summary.Restarts);
        var restart = Assert.Single(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.StartsWith("Automatic restart 1 of 10 in Item request: Item request made no progress for", restart.Message);
        await TargetChecks.AssertEachMessageOnceAsync(host, before, User);
        Assert.All(target.DeliveriesByKey, d => Assert.True(d.Value == 1, $"{d.Key} was delivered {d.Value} times"));
    }

    public void Dispose() => _data.Dispose();
}
