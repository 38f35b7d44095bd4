using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace MoveCenter.Persistence.Configurations;

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    /// <summary>The triggers that refuse to change or delete an entry; made by the AuditTrail migration.</summary>
    public const string NoUpdateTrigger = "AuditEntries_NoUpdate";
    public const string NoDeleteTrigger = "AuditEntries_NoDelete";

    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        // Declared so that EF saves without the OUTPUT/RETURNING form, which SQL Server refuses on a table with triggers.
        entry.ToTable(table =>
        {
            table.HasTrigger(NoUpdateTrigger);
            table.HasTrigger(NoDeleteTrigger);
        });
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedOnAdd();
        entry.Property(e => e.Actor).HasMaxLength(AuditEntry.ActorMaxLength).IsRequired();
        entry.Property(e => e.Action).HasMaxLength(AuditEntry.ActionMaxLength).IsRequired();
        entry.Property(e => e.Target).HasMaxLength(AuditEntry.TargetMaxLength).IsRequired();
        entry.Property(e => e.Details).HasMaxLength(AuditEntry.DetailsMaxLength);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => new { e.Actor, e.At });
        entry.HasIndex(e => new { e.Action, e.At });
    }
}
