using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveStatusTransitionsFacts
{
    private static readonly HashSet<(MoveStatus, MoveStatus)> Legal =
    [
        (MoveStatus.Queued, MoveStatus.Running), (MoveStatus.Queued, MoveStatus.Waiting), (MoveStatus.Queued, MoveStatus.Suspended),
        (MoveStatus.Queued, MoveStatus.Cancelled), (MoveStatus.Queued, MoveStatus.Failed),
        (MoveStatus.Running, MoveStatus.Queued), (MoveStatus.Running, MoveStatus.Waiting),
        (MoveStatus.Running, MoveStatus.Stalled), (MoveStatus.Running, MoveStatus.Suspended),
        (MoveStatus.Running, MoveStatus.Completed), (MoveStatus.Running, MoveStatus.Failed),
        (MoveStatus.Running, MoveStatus.Cancelled), (MoveStatus.Running, MoveStatus.Synced),
        (MoveStatus.Waiting, MoveStatus.Queued), (MoveStatus.Waiting, MoveStatus.Running), (MoveStatus.Waiting, MoveStatus.Waiting),
        (MoveStatus.Waiting, MoveStatus.Stalled), (MoveStatus.Waiting, MoveStatus.Suspended),
        (MoveStatus.Waiting, MoveStatus.Failed), (MoveStatus.Waiting, MoveStatus.Cancelled),
        (MoveStatus.Stalled, MoveStatus.Queued), (MoveStatus.Stalled, MoveStatus.Suspended),
        (MoveStatus.Stalled, MoveStatus.Failed), (MoveStatus.Stalled, MoveStatus.Cancelled),
        (MoveStatus.Suspended, MoveStatus.Queued), (MoveStatus.Suspended, MoveStatus.Cancelled),
        (MoveStatus.Synced, MoveStatus.Queued), (MoveStatus.Synced, MoveStatus.Suspended), (MoveStatus.Synced, MoveStatus.Cancelled),
        (MoveStatus.Failed, MoveStatus.Queued),
    ];

    public static TheoryData<MoveStatus, MoveStatus> EveryPair()
    {
        var data = new TheoryData<MoveStatus, MoveStatus>();
        foreach (var from in Enum.GetValues<MoveStatus>())
        foreach (var to in Enum.GetValues<MoveStatus>())
            data.Add(from, to);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void IsAllowed_matches_the_documented_table_for_every_pair(MoveStatus from, MoveStatus to) =>
        Assert.Equal(Legal.Contains((from, to)), MoveStatusTransitions.IsAllowed(from, to));

    [Theory]
    [InlineData(MoveStatus.Completed)]
    [InlineData(MoveStatus.Cancelled)]
    public void Terminal_statuses_other_than_failed_lead_nowhere(MoveStatus terminal) =>
        Assert.Empty(MoveStatusTransitions.From(terminal));
}
