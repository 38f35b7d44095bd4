using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class MoveProgressFacts
{
    private static readonly DateTime Start = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    private static Move RunningMove()
    {
        var move = Move.Queue(Guid.NewGuid(), "UserA", 1, 2, new MoveOptions(), null, "admin", Start);
        move.BeginWork(Start);
        move.RecordInventory(1000, 10_000_000, Start);
        return move;
    }

    [Fact]
    public void RecordProgress_samples_at_most_once_per_interval_and_measures_recent_throughput()
    {
        var move = RunningMove();

        move.RecordProgress(10, 0, 1_000_000, Start);
        move.RecordProgress(20, 0, 1_500_000, Start.AddSeconds(1));
        move.RecordProgress(30, 0, 3_000_000, Start.AddSeconds(4));

        Assert.Equal([1_000_000L, 3_000_000L], move.Samples.Select(s => s.BytesMoved));
        Assert.Equal(500_000, move.RecentBytesPerSecond, precision: 3);
    }
}
