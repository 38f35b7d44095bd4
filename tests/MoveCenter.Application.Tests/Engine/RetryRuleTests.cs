using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// Each retry rule of DESIGN §3 with its default, through the real phase runner, supervisor and SQLite database, under a
/// fake clock: the test moves time to each next try instead of waiting for it.
/// </summary>
public sealed class RetryRuleTests : FakeClockEngineTests
{

    [Fact]
    public async Task A_post_office_that_does_not_answer_is_tried_three_times_15_minutes_apart_then_joins_the_12_hour_deferred_cycle()
    {
        var moveId = await Engine.QueueAsync();
        using var missing = TargetRootMissing();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var move = await TryAndAssertWaitAsync(moveId, RetryCause.NoServer, attempt, TimeSpan.FromMinutes(15));
            Assert.StartsWith($"target post office {FakeClockEngine.Target} did not answer", move.WaitReason);
            Assert.Contains($"next try {move.NotBefore:HH:mm} UTC", move.WaitReason);
            await Engine.AdvanceToNextTryAsync(moveId);
        }

        await TryAndAssertWaitAsync(moveId, RetryCause.Deferred, 1, TimeSpan.FromHours(12));
    }

    [Fact]
    public async Task A_move_that_is_not_due_yet_is_left_waiting_by_its_job()
    {
        var moveId = await Engine.QueueAsync();
        using (TargetRootMissing()) await Engine.RunJobAsync<PreflightJob>(moveId);
        Engine.Clock.Advance(TimeSpan.FromMinutes(14));

        await Engine.RunJobAsync<PreflightJob>(moveId);

        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, MovePhase.Preflight, 1), (move.Status, move.Phase, move.RetryAttempt));
    }

    [Fact]
    public async Task The_deferred_cycle_tries_every_12_hours_14_times_then_fails_with_retries_exhausted()
    {
        var moveId = await Engine.QueueAsync();
        using var missing = TargetRootMissing();
        for (var noServer = 1; noServer <= 3; noServer++)
        {
            await Engine.RunJobAsync<PreflightJob>(moveId);
            await Engine.AdvanceToNextTryAsync(moveId);
        }

        for (var deferred = 1; deferred <= 14; deferred++)
        {
            await TryAndAssertWaitAsync(moveId, RetryCause.Deferred, deferred, TimeSpan.FromHours(12));
            await Engine.AdvanceToNextTryAsync(moveId);
        }
        await Engine.RunJobAsync<PreflightJob>(moveId);

        var failed = await Engine.MoveAsync(moveId);
        Assert.Equal(MoveStatus.Failed, failed.Status);
        Assert.StartsWith("Retries exhausted after 14 deferred tries: target post office DestPO did not answer", failed.LastError);
        Assert.Equal(17, failed.History.Count(h => h.Kind == MoveEventKind.Waiting));
    }

    [Fact]
    public async Task A_move_that_finds_the_move_slots_full_waits_with_no_next_try_and_starts_once_a_slot_frees_without_the_clock_moving()
    {
        await Engine.SetMoveSlotsAsync(FakeClockEngine.Target, 1);
        var holder = await Engine.QueueAsync("UserA");
        var waiter = await Engine.QueueAsync("UserB");
        var source = await Engine.Host.PostOfficeAsync("SourcePO");
        var target = await Engine.Host.PostOfficeAsync(FakeClockEngine.Target);
        var holderLease = await Engine.Leases.TryAcquireAsync(holder, Ct);
        Assert.NotNull(holderLease);
        Assert.Null(await Engine.SlotWaiters.TryClaimAsync(holder, source, target, Ct));

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await Engine.RunJobAsync<PreflightJob>(waiter);
            var move = await Engine.MoveAsync(waiter);
            Assert.Equal((MoveStatus.Waiting, RetryCause.MoveSlot, (DateTime?)null), (move.Status, move.RetryCause, move.NotBefore));
            Assert.Equal("target post office DestPO has all 1 move slots in use", move.WaitReason);
        }
        Assert.Single((await Engine.MoveAsync(waiter)).History, h => h.Kind == MoveEventKind.Waiting);

        await Engine.Leases.ReleaseAsync(holderLease, Ct);
        await Engine.SlotWaiters.ReleaseAsync(holder, Ct);
        await Engine.RunJobAsync<PreflightJob>(waiter);

        var started = await Engine.MoveAsync(waiter);
        Assert.Equal((MoveStatus.Running, MovePhase.AdminRename), (started.Status, started.Phase));
        Assert.Null(started.RetryCause);
        Assert.Equal(FakeClockEngine.Start.UtcDateTime, Engine.Now);
    }

    [Fact]
    public async Task A_stalled_move_is_re_examined_every_12_hours_14_times_then_fails_with_retries_exhausted()
    {
        var moveId = await Engine.QueueAsync();
        var stalling = ScriptedPhase.Throwing(MovePhase.Preflight,
            () => new MoveStallException("Item 17 in Inbox could not be moved after 3 attempts: refused. Skip it, Force Complete, or Retry."));
        await Engine.RunAsync(moveId, stalling);

        for (var examination = 1; examination <= 14; examination++)
        {
            var stalled = await Engine.MoveAsync(moveId);
            Assert.Equal((MoveStatus.Stalled, RetryCause.Deferred, examination), (stalled.Status, stalled.RetryCause, stalled.RetryAttempt));
            var due = Engine.Now.AddHours(12);
            Assert.Equal(due, stalled.NotBefore);
            Assert.EndsWith($"Next automatic re-examination {due:yyyy-MM-dd HH:mm} UTC ({examination} of 14).", stalled.WaitReason);

            Engine.Clock.SetUtcNow(new DateTimeOffset(due.AddSeconds(-1), TimeSpan.Zero));
            await Engine.Supervisor.SuperviseOnceAsync(Ct);
            Assert.Equal(MoveStatus.Stalled, (await Engine.MoveAsync(moveId)).Status);

            Engine.Clock.SetUtcNow(new DateTimeOffset(due, TimeSpan.Zero));
            await Engine.Supervisor.SuperviseOnceAsync(Ct);
            var reexamined = await Engine.MoveAsync(moveId);
            Assert.Equal(MoveStatus.Queued, reexamined.Status);
            Assert.Equal($"Deferred re-examination {examination} of 14: Preflight runs again to see whether the cause is gone.", reexamined.History[^1].Message);

            await Engine.RunAsync(moveId, stalling);
        }

        var failed = await Engine.MoveAsync(moveId);
        Assert.Equal(MoveStatus.Failed, failed.Status);
        Assert.StartsWith("Retries exhausted after 14 deferred tries: Item 17 in Inbox could not be moved", failed.LastError);
        Assert.Equal(14, failed.History.Count(h => h.Kind == MoveEventKind.Retry));
    }

    [Fact]
    public async Task A_re_examination_that_gets_the_move_going_ends_the_deferred_cycle()
    {
        var moveId = await Engine.QueueAsync();
        await Engine.RunAsync(moveId, ScriptedPhase.Throwing(MovePhase.Preflight, () => new MoveStallException("Item 17 could not be moved.")));
        await Engine.AdvanceToNextTryAsync(moveId);
        await Engine.Supervisor.SuperviseOnceAsync(Ct);

        await Engine.RunJobAsync<PreflightJob>(moveId);

        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.AdminRename, (RetryCause?)null, 0), (move.Status, move.Phase, move.RetryCause, move.RetryAttempt));
    }

    [Fact]
    public async Task A_phase_that_terminates_abnormally_is_restarted_10_times_then_the_move_fails_as_terminated_abnormally()
    {
        var moveId = await Engine.QueueAsync();
        var crashing = ScriptedPhase.Throwing(MovePhase.Preflight, () => new InvalidOperationException("the worker's disk is full"));

        for (var restart = 1; restart <= 10; restart++)
        {
            await Engine.RunAsync(moveId, crashing);
            var move = await Engine.MoveAsync(moveId);
            Assert.Equal((MoveStatus.Queued, restart, true), (move.Status, move.Restarts, move.RestartWithPriority));
            Assert.StartsWith($"Automatic restart {restart} of 10 in Preflight: InvalidOperationException: the worker's disk is full", move.History[^1].Message);
        }
        await Engine.RunAsync(moveId, crashing);

        var failed = await Engine.MoveAsync(moveId);
        Assert.Equal(MoveStatus.Failed, failed.Status);
        Assert.StartsWith("Terminated abnormally 11 times, more than the 10 automatic restarts allowed.", failed.LastError);
        Assert.Equal(10, failed.History.Count(h => h.Kind == MoveEventKind.AutomaticRestart));
    }

    /// <summary>Runs the move's preflight now and checks that it then waits for the given rule's next try.</summary>
    private async Task<Move> TryAndAssertWaitAsync(Guid moveId, RetryCause cause, int attempt, TimeSpan wait)
    {
        var triedAt = Engine.Now;
        await Engine.RunJobAsync<PreflightJob>(moveId);
        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, cause, attempt), (move.Status, move.RetryCause, move.RetryAttempt));
        Assert.Equal(triedAt + wait, move.NotBefore);
        return move;
    }

    /// <summary>The target post office's Maildir root is gone (an unmounted share): the real connector says it does not answer.</summary>
    private DirectoryRestorer TargetRootMissing() => new(Engine.Host.TargetRoot);

    private sealed class DirectoryRestorer : IDisposable
    {
        private readonly string _path;
        private readonly string _aside;

        public DirectoryRestorer(string path)
        {
            _path = path;
            _aside = path + ".unmounted";
            System.IO.Directory.Move(_path, _aside);
        }

        public void Dispose() => System.IO.Directory.Move(_aside, _path);
    }
}
