using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Persistence.Configurations;

internal sealed class InventoryItemConfiguration : IEntityTypeConfiguration<InventoryItem>
{
    public void Configure(EntityTypeBuilder<InventoryItem> item)
    {
        item.Property(i => i.Kind).HasConversion<string>().HasMaxLength(16);
        item.Property(i => i.State).HasConversion<string>().HasMaxLength(16);
        item.Property(i => i.FolderPath).HasMaxLength(1024).IsRequired();
        item.Property(i => i.SourceKey).HasMaxLength(512).IsRequired();
        item.Property(i => i.Keywords).HasMaxLength(2000);
        item.Property(i => i.MessageId).HasMaxLength(1000);
        item.Property(i => i.Subject).HasMaxLength(500);
        item.Property(i => i.Sender).HasMaxLength(500);
        item.Property(i => i.LastError).HasMaxLength(4000);
        item.Property(i => i.SkippedBy).HasMaxLength(256);
        item.Property(i => i.Category).HasConversion<string>().HasMaxLength(32);
        item.Property(i => i.ServerWords).HasMaxLength(4000);
        item.Property(i => i.SyncMark).HasMaxLength(100);
        item.HasOne<Move>().WithMany().HasForeignKey(i => i.MoveId).OnDelete(DeleteBehavior.Cascade);
        item.HasIndex(i => new { i.MoveId, i.State, i.Sequence });
        // The inventory list is stored once: a second run of the phase finds each entry already there.
        item.HasIndex(i => new { i.MoveId, i.Kind, i.FolderPath, i.SourceKey }).IsUnique();
    }
}

internal sealed class MigratedItemConfiguration : IEntityTypeConfiguration<MigratedItem>
{
    public void Configure(EntityTypeBuilder<MigratedItem> migrated)
    {
        migrated.Property(m => m.TargetFolder).HasMaxLength(1024);
        migrated.Property(m => m.TargetKey).HasMaxLength(512);
        migrated.HasOne<Move>().WithMany().HasForeignKey(m => m.MoveId).OnDelete(DeleteBehavior.Cascade);
        migrated.HasIndex(m => new { m.MoveId, m.InventoryItemId }).IsUnique();
    }
}

internal sealed class MoveChangeConfiguration : IEntityTypeConfiguration<MoveChange>
{
    public void Configure(EntityTypeBuilder<MoveChange> change) => change.HasIndex(c => c.At);
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> key)
    {
        key.Property(k => k.Name).HasMaxLength(ApiKey.NameMaxLength).IsRequired();
        key.Property(k => k.CreatedBy).HasMaxLength(ApiKey.CreatedByMaxLength);
        key.Property(k => k.KeyHash).HasMaxLength(64).IsRequired();
        key.Property(k => k.Role).HasMaxLength(32).IsRequired();
        key.HasIndex(k => k.KeyHash).IsUnique();
        key.HasIndex(k => k.Name).IsUnique();
    }
}

internal sealed class MoveLogEntryConfiguration : IEntityTypeConfiguration<MoveLogEntry>
{
    public void Configure(EntityTypeBuilder<MoveLogEntry> entry)
    {
        entry.Property(e => e.Level).HasMaxLength(16);
        entry.Property(e => e.Message).HasMaxLength(4000);
        entry.Property(e => e.Exception).HasMaxLength(8000);
        entry.Property(e => e.Source).HasMaxLength(256);
        entry.HasIndex(e => new { e.MoveId, e.Id });
    }
}
