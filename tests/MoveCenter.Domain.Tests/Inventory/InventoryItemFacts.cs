using MoveCenter.Domain.Inventory;

namespace MoveCenter.Domain.Tests.Inventory;

public class InventoryItemFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);

    private static InventoryItem Message() => new(Guid.NewGuid(), 1, InventoryKind.Message, "", "7", 1024);

    [Fact]
    public void An_item_skipped_while_its_outcome_was_unknown_goes_back_to_the_transfer_on_a_restart()
    {
        var item = Message();
        item.InFlight = true;
        item.SkipByAdmin("admin", "Force Complete by admin", Now);

        item.ReturnToTransfer();

        Assert.Equal((InventoryState.Pending, 0, null, true), (item.State, item.Attempts, item.SkippedBy, item.InFlight));
    }

    [Fact]
    public void A_moved_item_stays_moved_on_a_restart()
    {
        var item = Message();
        item.MarkMoved(Now);

        item.ReturnToTransfer();

        Assert.Equal(InventoryState.Moved, item.State);
    }

    [Fact]
    public void An_item_the_target_refused_keeps_that_cause_and_its_words_when_an_admin_skips_it()
    {
        var item = Message();
        item.RecordFailure("the server refused the message: No [LIMIT] too big", NotMovedCategory.RefusedByTarget, badItemLimit: 1, Now);

        item.SkipByAdmin("admin", "Skipped by admin", Now);

        Assert.Equal((InventoryState.Skipped, NotMovedCategory.RefusedByTarget, true), (item.State, item.Category, item.SkipChosenByAdmin));
        Assert.Equal("the server refused the message: No [LIMIT] too big", item.ServerWords);
    }

    [Fact]
    public void An_item_skipped_by_the_engine_is_no_admin_s_choice()
    {
        var item = Message();

        item.Skip("MoveCenter (large item limit)", NotMovedCategory.TooLarge, "too large", Now);

        Assert.Equal((NotMovedCategory.TooLarge, false, (string?)null), (item.Category, item.SkipChosenByAdmin, item.ServerWords));
    }

    [Fact]
    public void An_item_that_arrives_after_a_failure_or_goes_back_to_the_transfer_has_no_cause_left()
    {
        var arrived = Message();
        var restarted = Message();
        arrived.RecordFailure("refused", NotMovedCategory.RefusedByTarget, badItemLimit: 3, Now);
        restarted.RecordFailure("refused", NotMovedCategory.RefusedByTarget, badItemLimit: 1, Now);
        restarted.SkipByAdmin("admin", "Skipped by admin", Now);

        arrived.MarkMoved(Now);
        restarted.ReturnToTransfer();

        Assert.Equal(((NotMovedCategory?)null, (string?)null), (arrived.Category, arrived.ServerWords));
        Assert.Equal(((NotMovedCategory?)null, (string?)null, false), (restarted.Category, restarted.ServerWords, restarted.SkipChosenByAdmin));
    }
}
