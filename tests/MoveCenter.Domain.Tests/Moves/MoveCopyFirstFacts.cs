using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveCopyFirstFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    private static Move CopyFirst(DateTime? completeAfter = null) =>
        Move.Queue(Guid.NewGuid(), "UserA", 1, 2,
            new MoveOptions { Mode = MoveMode.CopyFirst, CompleteAfter = completeAfter, IncrementalSyncInterval = TimeSpan.FromHours(6) }, null, "admin", Now);

    /// <summary>Runs the move's phases until it is no longer running.</summary>
    private static void RunUntilItStops(Move move, DateTime at)
    {
        move.BeginWork(at);
        while (move.Status == MoveStatus.Running) move.CompletePhase(at, "");
    }

    [Fact]
    public void A_copy_first_move_copies_first_and_waits_synced_for_its_next_sync_without_an_admin_rename()
    {
        var move = CopyFirst();

        RunUntilItStops(move, Now);

        Assert.Equal((MoveStatus.Synced, MovePhase.IncrementalSync, Now.AddHours(6)), (move.Status, move.Phase, move.NotBefore));
        Assert.DoesNotContain(move.History, h => h.Message.StartsWith("Admin rename", StringComparison.Ordinal));
        Assert.Equal("UserA", move.ActiveUserId);
    }

    [Fact]
    public void A_synced_move_wakes_for_an_incremental_sync_at_its_time_and_not_before()
    {
        var move = CopyFirst();
        RunUntilItStops(move, Now);

        move.Wake(Now.AddHours(5));
        Assert.Equal(MoveStatus.Synced, move.Status);
        move.Wake(Now.AddHours(6));

        Assert.Equal((MoveStatus.Queued, MovePhase.IncrementalSync), (move.Status, move.Phase));
        RunUntilItStops(move, Now.AddHours(6));
        Assert.Equal((MoveStatus.Synced, Now.AddHours(12)), (move.Status, move.NotBefore));
    }

    [Fact]
    public void Complete_cuts_over_with_admin_rename_final_sync_and_purge_and_asking_again_changes_nothing()
    {
        var move = CopyFirst();
        RunUntilItStops(move, Now);

        Assert.True(move.RequestCutover("admin", Now));
        Assert.Equal((MoveStatus.Queued, MovePhase.AdminRename), (move.Status, move.Phase));
        Assert.False(move.RequestCutover("admin", Now));
        RunUntilItStops(move, Now);

        Assert.Equal(MoveStatus.Completed, move.Status);
        var phases = move.History.Where(h => h.Kind == MoveEventKind.PhaseCompleted).Select(h => h.Message.Split(" completed")[0]).ToList();
        Assert.Equal(["Preflight", "Inventory", "Item request", "Admin rename", "Final sync", "Purge"], phases);
        Assert.False(move.RequestCutover("admin", Now));
    }

    [Fact]
    public void Complete_is_refused_while_the_move_is_not_synced_and_for_a_switch_first_move()
    {
        var copying = CopyFirst();
        copying.BeginWork(Now);
        var switchFirst = Move.Queue(Guid.NewGuid(), "UserB", 1, 2, new MoveOptions(), null, "admin", Now);

        Assert.Throws<InvalidMoveTransitionException>(() => copying.RequestCutover("admin", Now));
        Assert.Throws<InvalidOperationException>(() => switchFirst.RequestCutover("admin", Now));
        Assert.Equal(MoveStatus.Running, copying.Status);
    }

    [Fact]
    public void At_complete_after_the_move_cuts_over_by_itself_instead_of_syncing_again()
    {
        var move = CopyFirst(completeAfter: Now.AddHours(2));
        RunUntilItStops(move, Now);
        Assert.Equal(Now.AddHours(2), move.NotBefore);

        move.Wake(Now.AddHours(2));

        Assert.Equal((MoveStatus.Queued, MovePhase.AdminRename), (move.Status, move.Phase));
    }

    [Fact]
    public void A_first_copy_that_ends_after_complete_after_goes_straight_on_to_the_cutover()
    {
        var move = CopyFirst(completeAfter: Now.AddMinutes(1));
        move.BeginWork(Now);
        move.CompletePhase(Now, "");
        move.CompletePhase(Now, "");

        move.CompletePhase(Now.AddMinutes(5), "");

        Assert.Equal((MoveStatus.Running, MovePhase.AdminRename), (move.Status, move.Phase));
    }
}
