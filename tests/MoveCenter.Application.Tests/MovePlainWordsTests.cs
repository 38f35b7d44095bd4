using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class MovePlainWordsTests
{
    private static MoveSummary Summary(MoveStatus status, MovePhase phase, int moved, int total, long bytesMoved, long bytesTotal, double rate, int skipped = 0) =>
        new(Guid.NewGuid(), "UserA", "User A", "SourcePO", "DestPO", status, phase, total, moved, skipped, total - moved - skipped,
            bytesTotal, bytesMoved, 0, DateTime.UtcNow, DateTime.UtcNow, null, DateTime.UtcNow, null, null, null, rate);

    [Fact]
    public void A_copying_move_says_how_many_items_and_how_long_by_bytes_left_at_the_recent_rate()
    {
        // 1,200 MB left at 1 MB/s: 20 minutes, whatever the item count says.
        var move = Summary(MoveStatus.Running, MovePhase.ItemRequest, 1240, 3100, 300L << 20, 1500L << 20, 1 << 20);

        Assert.Equal("copying mail: 1,240 of 3,100 items, about 20 minutes left", MovePlainWords.Describe(move));
    }

    [Fact]
    public void A_completed_move_says_whether_anything_was_skipped()
    {
        Assert.Equal("finished; nothing was left behind",
            MovePlainWords.Describe(Summary(MoveStatus.Completed, MovePhase.Finished, 10, 10, 100, 100, 0)));
        Assert.Equal("finished; 2 items could not be moved and were skipped",
            MovePlainWords.Describe(Summary(MoveStatus.Completed, MovePhase.Finished, 8, 10, 80, 100, 0, skipped: 2)));
    }

    [Fact]
    public void No_estimate_is_given_without_a_measured_rate() =>
        Assert.Null(Summary(MoveStatus.Running, MovePhase.ItemRequest, 1, 10, 10, 100, 0).EstimatedTimeLeft);

    [Fact]
    public void A_single_item_and_a_single_minute_are_singular()
    {
        // 90 KB left at 1.5 KB/s: one minute.
        var move = Summary(MoveStatus.Running, MovePhase.ItemRequest, 0, 1, 0, 90 * 1024, 1.5 * 1024);

        Assert.Equal("copying mail: 0 of 1 item, about 1 minute left", MovePlainWords.Describe(move));
        Assert.Equal("finished; 1 item could not be moved and was skipped",
            MovePlainWords.Describe(Summary(MoveStatus.Completed, MovePhase.Finished, 0, 1, 0, 100, 0, skipped: 1)));
    }

    [Theory]
    [InlineData(1, 0, "1 item moved (1.0 MB).")]
    [InlineData(2, 1, "2 items moved (1.0 MB), 1 found already at the target.")]
    public void A_phase_summary_counts_in_words_that_agree_with_the_number(int moved, int alreadyThere, string expected) =>
        Assert.Equal(expected, new MoveCenter.Application.Engine.TransferResult(moved, alreadyThere, 1 << 20).Describe());
}
