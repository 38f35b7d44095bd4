using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    private static Move NewMove() =>
        Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);

    private static Move RunningMove()
    {
        var move = NewMove();
        move.BeginWork(Now);
        return move;
    }

    [Fact]
    public void Queue_records_who_queued_the_move_in_its_history()
    {
        var move = NewMove();

        Assert.Equal(MoveStatus.Queued, move.Status);
        Assert.Equal(MovePhase.Preflight, move.Phase);
        var queued = Assert.Single(move.History);
        Assert.Equal(MoveEventKind.Queued, queued.Kind);
        Assert.Equal("admin", queued.Actor);
    }

    [Fact]
    public void Queue_refuses_the_same_post_office_as_source_and_target() =>
        Assert.Throws<ArgumentException>(() => Move.Queue(Guid.NewGuid(), "UserA", 1, 1, new MoveOptions(), null, "admin", Now));

    [Fact]
    public void Completing_every_phase_in_order_ends_completed_with_each_phase_in_the_history()
    {
        var move = RunningMove();

        while (move.Status == MoveStatus.Running) move.CompletePhase(Now, "");

        Assert.Equal(MoveStatus.Completed, move.Status);
        Assert.Equal(MovePhase.Finished, move.Phase);
        var completedPhases = move.History.Where(e => e.Kind == MoveEventKind.PhaseCompleted).Select(e => e.Message).ToList();
        Assert.Equal(6, completedPhases.Count);
        Assert.StartsWith("Preflight", completedPhases[0]);
        Assert.StartsWith("Purge", completedPhases[^1]);
    }

    [Fact]
    public void Completing_a_phase_of_a_move_that_is_not_running_throws() =>
        Assert.Throws<InvalidOperationException>(() => NewMove().CompletePhase(Now, ""));

    [Fact]
    public void Cancel_of_a_completed_move_throws_instead_of_doing_nothing()
    {
        var move = RunningMove();
        while (move.Status == MoveStatus.Running) move.CompletePhase(Now, "");

        var error = Assert.Throws<InvalidMoveTransitionException>(() => move.Cancel("admin", Now));
        Assert.Equal(MoveStatus.Completed, error.From);
    }

    [Fact]
    public void Automatic_restart_requeues_with_priority_and_counts_the_restart()
    {
        var move = RunningMove();

        move.RestartAutomatically("worker lost", 10, Now);

        Assert.Equal(MoveStatus.Queued, move.Status);
        Assert.Equal(1, move.Restarts);
        Assert.True(move.RestartWithPriority);
        Assert.Contains(move.History, e => e.Kind == MoveEventKind.AutomaticRestart && e.Message.Contains("worker lost"));
    }

    [Fact]
    public void Automatic_restart_past_the_limit_fails_the_move_as_terminated_abnormally()
    {
        var move = RunningMove();
        for (var i = 0; i < 2; i++)
        {
            move.RestartAutomatically("crash", 2, Now);
            move.BeginWork(Now);
        }

        move.RestartAutomatically("crash", 2, Now);

        Assert.Equal(MoveStatus.Failed, move.Status);
        Assert.Contains("Terminated abnormally", move.LastError);
        Assert.Equal(2, move.History.Count(e => e.Kind == MoveEventKind.AutomaticRestart));
    }

    [Fact]
    public void Defer_says_why_the_move_waits_and_until_when()
    {
        var move = RunningMove();
        var decision = new RetryPolicy().Decide(RetryCause.NoServer, null, 0, Now);

        move.Defer(decision, "target post office DestPO did not answer", Now);

        Assert.Equal(MoveStatus.Waiting, move.Status);
        Assert.Equal(Now.AddMinutes(15), move.NotBefore);
        Assert.Equal("target post office DestPO did not answer; next try 14:15 UTC (attempt 1)", move.WaitReason);
    }

    [Fact]
    public void WaitForMoveSlot_waits_with_no_next_try_and_records_the_wait_once_while_the_slots_stay_full()
    {
        var move = NewMove();
        const string full = "target post office DestPO has all 2 move slots in use";

        move.WaitForMoveSlot(full, Now);
        move.WaitForMoveSlot(full, Now.AddSeconds(3));

        Assert.Equal((MoveStatus.Waiting, RetryCause.MoveSlot, (DateTime?)null), (move.Status, move.RetryCause, move.NotBefore));
        Assert.Equal(full, move.WaitReason);
        Assert.Single(move.History, e => e.Kind == MoveEventKind.Waiting);
    }

    [Fact]
    public void Stall_schedules_the_deferred_re_examination_and_says_when()
    {
        var move = RunningMove();

        move.Stall("Item 7 in Inbox could not be moved.", new RetryPolicy(), Now);

        Assert.Equal((MoveStatus.Stalled, RetryCause.Deferred, 1, Now.AddHours(12)), (move.Status, move.RetryCause, move.RetryAttempt, move.NotBefore));
        Assert.Equal("Item 7 in Inbox could not be moved. Next automatic re-examination 2026-11-23 02:00 UTC (1 of 14).", move.WaitReason);
        Assert.Equal("Item 7 in Inbox could not be moved.", move.LastError);
    }

    [Fact]
    public void Reexamine_is_refused_before_the_re_examination_is_due()
    {
        var move = RunningMove();
        move.Stall("Item 7 could not be moved.", new RetryPolicy(), Now);

        Assert.Throws<InvalidOperationException>(() => move.Reexamine(14, Now.AddHours(11)));
        move.Reexamine(14, Now.AddHours(12));

        Assert.Equal((MoveStatus.Queued, (DateTime?)null, 1), (move.Status, move.NotBefore, move.RetryAttempt));
        Assert.Equal(MoveEventKind.Retry, move.History[^1].Kind);
    }

    [Fact]
    public void Stopping_deferred_retries_of_a_stalled_move_ends_its_re_examinations_and_keeps_it_stalled()
    {
        var move = RunningMove();
        move.Stall("Item 7 could not be moved.", new RetryPolicy(), Now);

        move.StopDeferredRetries("admin2", Now.AddMinutes(1));

        Assert.Equal((MoveStatus.Stalled, (DateTime?)null, (RetryCause?)null), (move.Status, move.NotBefore, move.RetryCause));
        Assert.StartsWith("Automatic retries stopped by admin2; last error: Item 7 could not be moved.", move.WaitReason);
        Assert.Throws<InvalidOperationException>(() => move.StopDeferredRetries("admin3", Now.AddMinutes(2)));
    }

    [Fact]
    public void Progress_that_moves_no_item_keeps_the_count_of_the_deferred_cycle()
    {
        var move = RunningMove();
        move.Stall("Item 7 could not be moved.", new RetryPolicy(), Now);
        move.Reexamine(14, Now.AddHours(12));
        move.BeginWork(Now.AddHours(12));

        move.RecordProgress(0, 0, 0, Now.AddHours(12));
        Assert.Equal((RetryCause?)RetryCause.Deferred, move.RetryCause);
        move.RecordProgress(1, 0, 10, Now.AddHours(12));
        Assert.Null(move.RetryCause);
    }

    [Fact]
    public void Clear_is_refused_while_the_move_is_still_active() =>
        Assert.Throws<InvalidOperationException>(() => RunningMove().Clear("admin", Now));

    [Fact]
    public void Clear_keeps_the_history_and_records_who_cleared()
    {
        var move = RunningMove();
        move.Cancel("admin", Now);

        move.Clear("helper-admin", Now);

        Assert.True(move.Cleared);
        Assert.Contains(move.History, e => e.Kind == MoveEventKind.Queued);
        Assert.Equal("helper-admin", move.History[^1].Actor);
    }

    [Fact]
    public void Retry_of_a_failed_move_requeues_it_and_resets_the_restart_count()
    {
        var move = RunningMove();
        move.RestartAutomatically("crash", 0, Now);
        Assert.Equal(MoveStatus.Failed, move.Status);

        move.Retry("admin", Now);

        Assert.Equal(MoveStatus.Queued, move.Status);
        Assert.Equal(0, move.Restarts);
        Assert.Null(move.FinishedAt);
    }
}

public class MoveActiveUserFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void An_unfinished_move_claims_its_user_and_a_finished_one_releases_it()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);
        Assert.Equal("UserA", move.ActiveUserId);

        move.BeginWork(Now);
        move.Fail("broken", Now);
        Assert.Null(move.ActiveUserId);

        move.Retry("admin", Now);
        Assert.Equal("UserA", move.ActiveUserId);

        move.Cancel("admin", Now);
        Assert.Null(move.ActiveUserId);
    }
}

public class MoveForceCompleteFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Force_complete_of_a_stalled_move_counts_the_skipped_items_and_goes_on_with_final_sync_before_the_purge()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);
        move.BeginWork(Now);
        move.CompletePhase(Now, "");
        move.CompletePhase(Now, "");
        move.CompletePhase(Now, "");
        move.Stall("item x failed", new RetryPolicy(), Now);

        move.ForceComplete(4, "admin", Now);

        Assert.Equal((MoveStatus.Queued, MovePhase.FinalSync, 4), (move.Status, move.Phase, move.ItemsSkipped));
        Assert.Equal("admin", move.History[^1].Actor);
    }

    [Fact]
    public void Force_complete_before_anything_was_moved_is_refused()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);

        Assert.Throws<InvalidOperationException>(() => move.ForceComplete(0, "admin", Now));
        Assert.Equal(MoveStatus.Queued, move.Status);
    }
}
