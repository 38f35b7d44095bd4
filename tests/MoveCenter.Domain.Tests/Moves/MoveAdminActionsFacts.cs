using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveAdminActionsFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);
    private static readonly RetryPolicy Policy = new();

    private static Move RunningMove()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);
        move.BeginWork(Now);
        return move;
    }

    private static Move WaitingMove(RetryCause cause, RetryCause? previous = null, int previousAttempt = 0)
    {
        var move = RunningMove();
        move.Defer(Policy.Decide(cause, previous, previousAttempt, Now), "target post office DestPO did not answer", Now);
        return move;
    }

    /// <summary>A move in item request that moved some items, then stalled on one.</summary>
    private static Move PartlyMovedStalledMove()
    {
        var move = RunningMove();
        move.CompletePhase(Now, "");
        move.CompletePhase(Now, "");
        move.RecordInventory(10, 10_000, Now);
        move.CompletePhase(Now, "");
        move.RecordProgress(6, 1, 6_000, Now.AddSeconds(1));
        move.RecordProgress(7, 1, 7_000, Now.AddSeconds(5));
        move.Stall("item x failed", new RetryPolicy(), Now.AddSeconds(6));
        return move;
    }

    [Theory]
    [InlineData(RetryCause.NoServer, null, 0)]
    [InlineData(RetryCause.NoServer, RetryCause.NoServer, 3)]
    public void Stopping_deferred_retries_stalls_the_move_and_says_who_stopped_them(RetryCause cause, RetryCause? previous, int previousAttempt)
    {
        var move = WaitingMove(cause, previous, previousAttempt);
        Assert.NotNull(move.NotBefore);

        move.StopDeferredRetries("admin2", Now.AddMinutes(1));

        Assert.Equal(MoveStatus.Stalled, move.Status);
        Assert.Null(move.NotBefore);
        Assert.Null(move.RetryCause);
        Assert.StartsWith("Automatic retries stopped by admin2; last error: target post office DestPO did not answer.", move.WaitReason);
        AssertLastAdminAction(move, "admin2", "Deferred retries stopped at");
    }

    [Fact]
    public void Stopping_deferred_retries_of_a_move_in_the_long_deferred_cycle_names_that_cycle()
    {
        var move = WaitingMove(RetryCause.NoServer, RetryCause.NoServer, Policy.NoServerTries);
        Assert.Equal(RetryCause.Deferred, move.RetryCause);

        move.StopDeferredRetries("admin2", Now);

        Assert.Equal("Deferred retries stopped at Deferred retry 1; the move waits for an administrator.", move.History[^1].Message);
    }

    [Fact]
    public void Stopping_deferred_retries_twice_is_refused_and_changes_nothing_the_second_time()
    {
        var move = WaitingMove(RetryCause.NoServer);
        move.StopDeferredRetries("admin2", Now);
        var (reason, entries) = (move.WaitReason, move.History.Count);

        Assert.Throws<InvalidOperationException>(() => move.StopDeferredRetries("admin3", Now));

        Assert.Equal((MoveStatus.Stalled, reason, entries), (move.Status, move.WaitReason, move.History.Count));
    }

    [Fact]
    public void A_move_waiting_for_a_busy_post_office_has_no_deferred_retries_to_stop()
    {
        var move = WaitingMove(RetryCause.TryLater);

        var refused = Assert.Throws<InvalidOperationException>(() => move.StopDeferredRetries("admin2", Now));

        Assert.Contains("Suspend it", refused.Message);
        Assert.Equal(MoveStatus.Waiting, move.Status);
    }

    [Fact]
    public void Restarting_the_entire_move_queues_it_at_preflight_with_fresh_counts_and_records_who_asked()
    {
        var move = PartlyMovedStalledMove();
        Assert.True(move.RecentBytesPerSecond > 0);

        move.RestartEntireMove("admin2", Now.AddMinutes(1));

        Assert.Equal((MoveStatus.Queued, MovePhase.Preflight), (move.Status, move.Phase));
        Assert.Null(move.InventoryTakenAt);
        Assert.Equal((0, 0, 0, 0L, 0L), (move.InventoryTotal, move.ItemsMoved, move.ItemsSkipped, move.BytesTotal, move.BytesMoved));
        Assert.Equal(0, move.RecentBytesPerSecond);
        Assert.Null(move.WaitReason);
        Assert.Equal("UserA", move.ActiveUserId);
        AssertLastAdminAction(move, "admin2", "Restart of the entire move requested while Stalled in Item request");
    }

    [Fact]
    public void A_failed_move_can_be_restarted_entirely_and_is_unfinished_again()
    {
        var move = RunningMove();
        move.RestartAutomatically("crash", 0, Now);
        Assert.Equal(MoveStatus.Failed, move.Status);

        move.RestartEntireMove("admin2", Now);

        Assert.Equal(MoveStatus.Queued, move.Status);
        Assert.Null(move.FinishedAt);
        Assert.Equal(0, move.Restarts);
    }

    [Fact]
    public void A_running_move_is_not_restarted_under_its_worker()
    {
        var move = RunningMove();

        var refused = Assert.Throws<InvalidOperationException>(() => move.RestartEntireMove("admin2", Now));

        Assert.Contains("Suspend it first", refused.Message);
        Assert.Equal((MoveStatus.Running, MovePhase.Preflight), (move.Status, move.Phase));
    }

    internal static Move MoveThatIs(MoveStatus status)
    {
        var mode = status == MoveStatus.Synced ? MoveMode.CopyFirst : MoveMode.SwitchFirst;
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions { Mode = mode }, null, "admin", Now);
        if (status == MoveStatus.Queued) return move;
        if (status == MoveStatus.Suspended)
        {
            move.Suspend("admin", Now);
            return move;
        }
        if (status == MoveStatus.Cancelled)
        {
            move.Cancel("admin", Now);
            return move;
        }
        move.BeginWork(Now);
        switch (status)
        {
            case MoveStatus.Waiting: move.Defer(Policy.Decide(RetryCause.NoServer, null, 0, Now), "DestPO did not answer", Now); break;
            case MoveStatus.Stalled: move.Stall("item x failed", Policy, Now); break;
            case MoveStatus.Failed: move.Fail("broken", Now); break;
            case MoveStatus.Completed or MoveStatus.Synced: while (move.Status == MoveStatus.Running) move.CompletePhase(Now, ""); break;
        }
        Assert.Equal(status, move.Status);
        return move;
    }

    public static TheoryData<MoveStatus> EveryStatus() => new(Enum.GetValues<MoveStatus>());

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Retry_queues_the_move_again_only_when_no_worker_holds_it_and_it_is_not_over(MoveStatus status)
    {
        var move = MoveThatIs(status);
        var entries = move.History.Count;
        // A synced move's retry runs its incremental sync now instead of at its next time.
        var legal = status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Suspended or MoveStatus.Failed or MoveStatus.Synced;

        var refused = Record.Exception(() => move.Retry("admin2", Now));

        if (legal)
        {
            Assert.Null(refused);
            Assert.Equal((MoveStatus.Queued, entries + 1), (move.Status, move.History.Count));
        }
        else
        {
            Assert.IsAssignableFrom<InvalidOperationException>(refused);
            Assert.Equal((status, entries), (move.Status, move.History.Count));
        }
    }

    [Fact]
    public void A_running_move_is_not_retried_under_its_worker()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => RunningMove().Retry("admin2", Now));

        Assert.Contains("suspend it first or wait", refused.Message);
    }

    [Theory]
    [InlineData(MoveStatus.Completed)]
    [InlineData(MoveStatus.Cancelled)]
    public void A_finished_move_cannot_be_restarted(MoveStatus finished)
    {
        var move = RunningMove();
        if (finished == MoveStatus.Cancelled) move.Cancel("admin", Now);
        else while (move.Status == MoveStatus.Running) move.CompletePhase(Now, "");
        var entries = move.History.Count;

        Assert.Throws<InvalidMoveTransitionException>(() => move.RestartEntireMove("admin2", Now));

        Assert.Equal((finished, entries), (move.Status, move.History.Count));
    }

    private static void AssertLastAdminAction(Move move, string actor, string messageStart)
    {
        var entry = move.History[^1];
        Assert.Equal((MoveEventKind.AdminAction, actor), (entry.Kind, entry.Actor));
        Assert.StartsWith(messageStart, entry.Message);
    }
}
