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
}
