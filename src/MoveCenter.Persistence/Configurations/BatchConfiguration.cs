using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Persistence.Configurations;

internal sealed class BatchConfiguration : IEntityTypeConfiguration<Batch>
{
    public void Configure(EntityTypeBuilder<Batch> batch)
    {
        batch.HasKey(b => b.Id);
        batch.Property(b => b.Id).ValueGeneratedNever();
        batch.Property(b => b.Name).HasMaxLength(Batch.NameMaxLength).IsRequired();
        batch.Property(b => b.TimeZone).HasMaxLength(PostOffice.TimeZoneMaxLength).HasDefaultValue(MoveSchedule.DefaultTimeZone).IsRequired();
        batch.Property(b => b.Windows).HasMaxLength(PostOffice.WindowsMaxLength);
        batch.Ignore(b => b.Schedule);
        batch.Property(b => b.CreatedBy).HasMaxLength(256);
        batch.HasIndex(b => b.CreatedAt);
        // Moves keep their history after their batch is gone from view, so a batch with moves cannot be deleted.
        batch.HasMany<Move>().WithOne().HasForeignKey(m => m.BatchId).OnDelete(DeleteBehavior.Restrict);
    }
}
