using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>The progress watchdog under a fake clock: the heartbeat keeps the lease, yet a phase without activity is stopped.</summary>
public sealed class WatchdogTests : FakeClockEngineTests
{

    [Fact]
    public async Task A_phase_that_records_no_activity_for_the_progress_timeout_is_stopped_and_the_move_restarts()
    {
        var moveId = await Engine.QueueAsync();
        var hanging = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var phase = new ScriptedPhase(MovePhase.Preflight, async (_, cancellationToken) =>
        {
            hanging.SetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return "never";
        });
        var run = Engine.RunAsync(moveId, phase);
        await hanging.Task.WaitAsync(MoveCenterHost.WaitLimit, Ct);

        Engine.Clock.Advance(Engine.Options.ProgressTimeout + TimeSpan.FromMinutes(1));
        await run.WaitAsync(MoveCenterHost.WaitLimit, Ct);

        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Queued, 1, true), (move.Status, move.Restarts, move.RestartWithPriority));
        Assert.Equal("Automatic restart 1 of 10 in Preflight: Preflight made no progress for about 30 minutes although its worker was alive; the worker was stopped",
            move.History[^1].Message);
    }
}
