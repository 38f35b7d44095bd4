namespace MoveCenter.Domain.Inventory;

/// <summary>
/// The migrated-item record: written in the same transaction that marks an inventory entry moved, it says where
/// the item landed, so a restarted move resumes after it and never sends it again.
/// </summary>
public sealed class MigratedItem
{
    private MigratedItem() { }

    public MigratedItem(Guid moveId, long inventoryItemId, string targetFolder, string targetKey, long size, DateTime movedAt)
    {
        MoveId = moveId;
        InventoryItemId = inventoryItemId;
        TargetFolder = targetFolder;
        TargetKey = targetKey;
        Size = size;
        MovedAt = movedAt;
    }

    public long Id { get; private set; }
    public Guid MoveId { get; private set; }
    public long InventoryItemId { get; private set; }
    public string TargetFolder { get; private set; } = "";
    public string TargetKey { get; private set; } = "";
    public long Size { get; private set; }
    public DateTime MovedAt { get; private set; }
}
