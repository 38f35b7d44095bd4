using Microsoft.EntityFrameworkCore;
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

    [Fact]
    public async Task A_worker_that_cannot_reach_the_database_stops_before_its_lease_could_run_out()
    {
        var moveId = await Engine.QueueAsync();
        var started = Engine.Now;
        var working = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stopped = new TaskCompletionSource<DateTime>(TaskCreationOptions.RunContinuationsAsynchronously);
        var databaseBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var phase = new ScriptedPhase(MovePhase.Preflight, async (_, cancellationToken) =>
        {
            working.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                stopped.SetResult(Engine.Now);
                await databaseBack.Task;
                throw;
            }
            return "never";
        });
        var run = Engine.RunAsync(moveId, phase);
        await working.Task.WaitAsync(MoveCenterHost.WaitLimit, Ct);

        // The moves table out of reach: every renewal fails with an error, which alone is no proof that the lease is gone.
        await using (var db = await Engine.Host.DbAsync())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"Moves\" RENAME TO \"MovesOutOfReach\"", Ct);
        // Two beats: a third would reach the lease's end, when stopping is too late.
        Engine.Clock.Advance(Engine.Options.LeaseDuration / 3);
        Engine.Clock.Advance(Engine.Options.LeaseDuration / 3);
        var stoppedAt = await stopped.Task.WaitAsync(MoveCenterHost.WaitLimit, Ct);
        await using (var db = await Engine.Host.DbAsync())
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE \"MovesOutOfReach\" RENAME TO \"Moves\"", Ct);
        databaseBack.SetResult();
        await run.WaitAsync(MoveCenterHost.WaitLimit, Ct);

        Assert.True(stoppedAt < started + Engine.Options.LeaseDuration, $"stopped at {stoppedAt:T}, lease from {started:T} for {Engine.Options.LeaseDuration}");
        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Queued, 1), (move.Status, move.Restarts));
        Assert.Equal(MoveEventKind.AutomaticRestart, move.History[^1].Kind);
    }
}
