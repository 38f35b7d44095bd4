using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveGradingFacts
{
    private static readonly DateTime Now = new(2026, 12, 5, 6, 0, 0, DateTimeKind.Utc);
    private const double Share = 0.01;

    [Theory]
    [InlineData(0, 0, 0, MoveGrade.Perfect)]
    [InlineData(0, 0, 5, MoveGrade.Good)]
    [InlineData(1, 100, 0, MoveGrade.Good)]
    [InlineData(1, 100, 3, MoveGrade.Good)]
    [InlineData(2, 100, 0, MoveGrade.Investigate)]
    [InlineData(1, 10_001, 0, MoveGrade.Investigate)]
    public void The_grade_follows_what_was_left_behind_against_the_share_of_items_and_of_bytes(int items, long bytes, int chosenByAdmin, MoveGrade expected) =>
        Assert.Equal(expected, new LeftBehind(items, bytes, chosenByAdmin).Grade(inventoryItems: 100, inventoryBytes: 1_000_000, Share));

    [Fact]
    public void An_Investigate_move_stops_before_its_purge_without_a_re_examination_until_an_admin_approves()
    {
        var move = MoveInPurge();
        var leftBehind = new LeftBehind(3, 3_000, 0);

        Assert.False(move.GradeBeforePurge(MoveGrade.Investigate, leftBehind, Now));
        move.AwaitApproval(leftBehind.Items, "3 items wait for approval.", Now);

        Assert.Equal((MoveStatus.Stalled, MovePhase.Purge, MoveGrade.Investigate), (move.Status, move.Phase, move.Grade));
        Assert.True(move.AwaitsApproval);
        Assert.Null(move.NotBefore);
        Assert.Null(move.RetryCause);
        Assert.Equal("3 items wait for approval.", move.WaitReason);

        move.ApproveSkipped("admin2", Now.AddMinutes(1));

        Assert.Equal(MoveStatus.Queued, move.Status);
        Assert.False(move.AwaitsApproval);
        Assert.Equal(("admin2", Now.AddMinutes(1)), (move.SkipsApprovedBy, move.SkipsApprovedAt));
        Assert.Equal((MoveEventKind.AdminAction, "admin2"), (move.History[^1].Kind, move.History[^1].Actor));
        move.BeginWork(Now.AddMinutes(2));
        Assert.True(move.GradeBeforePurge(MoveGrade.Investigate, leftBehind, Now.AddMinutes(2)), "the approved items do not hold the purge again");
        Assert.False(move.GradeBeforePurge(MoveGrade.Investigate, leftBehind with { Items = 4 }, Now.AddMinutes(2)), "an item more asks again");
    }

    [Fact]
    public void Approving_an_approved_move_again_changes_nothing()
    {
        var move = MoveAwaitingApproval();
        move.ApproveSkipped("admin2", Now);
        var (status, entries) = (move.Status, move.History.Count);

        move.ApproveSkipped("admin3", Now.AddMinutes(1));

        Assert.Equal((status, entries, "admin2"), (move.Status, move.History.Count, move.SkipsApprovedBy));
    }

    public static TheoryData<MoveStatus> EveryStatus() => new(Enum.GetValues<MoveStatus>());

    /// <summary>Stalled for any other reason (a bad item) is no wait for approval either.</summary>
    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void A_move_not_waiting_for_approval_refuses_it_saying_why_and_stays_as_it_is(MoveStatus status)
    {
        var move = MoveAdminActionsFacts.MoveThatIs(status);
        var entries = move.History.Count;

        var refused = Assert.Throws<InvalidOperationException>(() => move.ApproveSkipped("admin2", Now));

        Assert.Contains("is not waiting for approval of skipped items", refused.Message);
        Assert.Equal((status, entries), (move.Status, move.History.Count));
    }

    [Theory]
    [MemberData(nameof(EveryStatus))]
    public void Only_a_running_move_graded_Investigate_stops_for_approval(MoveStatus status)
    {
        var move = MoveAdminActionsFacts.MoveThatIs(status);
        if (status == MoveStatus.Running)
        {
            Assert.Throws<InvalidOperationException>(() => move.AwaitApproval(1, "waits", Now));
            move = MoveInPurge();
            move.GradeBeforePurge(MoveGrade.Investigate, new LeftBehind(1, 10, 0), Now);
            move.AwaitApproval(1, "waits", Now);
            Assert.Equal(MoveStatus.Stalled, move.Status);
            return;
        }

        Assert.Throws<InvalidOperationException>(() => move.AwaitApproval(1, "waits", Now));

        Assert.Equal(status, move.Status);
    }

    [Fact]
    public void A_restart_of_the_entire_move_forgets_its_grade_and_approval()
    {
        var move = MoveAwaitingApproval();

        move.RestartEntireMove("admin2", Now);

        Assert.Equal((MoveStatus.Queued, (MoveGrade?)null, false, (string?)null), (move.Status, move.Grade, move.AwaitsApproval, move.SkipsApprovedBy));
    }

    private static Move MoveInPurge()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Now);
        move.BeginWork(Now);
        while (move.Phase != MovePhase.Purge) move.CompletePhase(Now, "");
        return move;
    }

    private static Move MoveAwaitingApproval()
    {
        var move = MoveInPurge();
        move.GradeBeforePurge(MoveGrade.Investigate, new LeftBehind(2, 20, 0), Now);
        move.AwaitApproval(2, "2 items wait for approval.", Now);
        return move;
    }
}
