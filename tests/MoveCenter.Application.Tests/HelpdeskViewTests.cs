using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class HelpdeskViewTests
{
    private const string ServerText = "Item request: could not read 1700000000.M1P1.demo,S=48213 in Sent, \"Salary review\" from boss@dom1.example: it is a symbolic link to /etc/passwd.";

    /// <summary>Admin actions are the one kind a helpdesk reads as written: the domain composes them from statuses, phases and counts.</summary>
    public static TheoryData<MoveEventKind> KindsBuiltFromData => new(Enum.GetValues<MoveEventKind>().Where(k => k != MoveEventKind.AdminAction));

    [Theory]
    [MemberData(nameof(KindsBuiltFromData))]
    public void A_history_entry_of_any_kind_is_told_without_its_message(MoveEventKind kind)
    {
        var history = HelpdeskView.Of([new MoveHistoryEntry(1, DateTime.UtcNow, kind, ServerText, "admin2")]);

        Assert.All(history, e => Assert.DoesNotContain("1700000000", e.Message, StringComparison.Ordinal));
        Assert.All(history, e => Assert.DoesNotContain("symbolic", e.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void A_stalled_move_waits_for_an_administrator_and_keeps_its_counts_but_not_the_server_error()
    {
        var move = new MoveSummary(Guid.NewGuid(), "UserC", "User C", "SourcePO", "DestPO", MoveStatus.Stalled, MovePhase.ItemRequest,
            60, 59, 0, 1, 6000, 5900, 0, DateTime.UtcNow, DateTime.UtcNow, null, DateTime.UtcNow, DateTime.UtcNow.AddHours(12),
            ServerText + " Next automatic re-examination …", ServerText, 0, RetryCause.Deferred);

        var shown = HelpdeskView.Of(move);

        Assert.Equal("it waits for an administrator", shown.WaitReason);
        Assert.Equal(MovePlainWords.ErrorShownToAdmins, shown.LastError);
        Assert.Equal(move with { WaitReason = shown.WaitReason, LastError = shown.LastError }, shown);
    }
}
