using MoveCenter.Application.Notifications;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>The ids the change feed skipped are asked for again until they show up or their writer must have rolled back.</summary>
public sealed class ChangeFeedCursorTests
{
    private static readonly DateTime Start = new(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Skipped_ids_are_asked_for_again_until_they_are_read()
    {
        var cursor = new ChangeFeedCursor(10);

        cursor.Advance([11, 14], Start);
        Assert.Equal(14, cursor.Last);
        Assert.Equal([12, 13], cursor.Missing.Order());

        cursor.Advance([13, 15], Start.AddSeconds(1));
        Assert.Equal(15, cursor.Last);
        Assert.Equal([12], cursor.Missing);
    }

    [Fact]
    public void A_skipped_id_still_missing_after_the_grace_period_is_given_up_as_rolled_back()
    {
        var cursor = new ChangeFeedCursor(0);
        cursor.Advance([2], Start);

        cursor.Advance([], Start + ChangeFeedCursor.GracePeriod);
        Assert.Equal([1], cursor.Missing);

        cursor.Advance([], Start + ChangeFeedCursor.GracePeriod + TimeSpan.FromSeconds(1));
        Assert.Empty(cursor.Missing);
    }

    [Fact]
    public void A_jump_of_the_id_sequence_is_not_taken_for_open_writers()
    {
        var cursor = new ChangeFeedCursor(5);

        cursor.Advance([5_000], Start);

        Assert.Equal(5_000, cursor.Last);
        Assert.Empty(cursor.Missing);
    }
}
