using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Persistence.Configurations;

internal sealed class MoveSlotConfiguration : IEntityTypeConfiguration<MoveSlot>
{
    public void Configure(EntityTypeBuilder<MoveSlot> slot)
    {
        slot.HasKey(s => new { s.PostOfficeId, s.SlotNumber });
        slot.HasOne<PostOffice>().WithMany().HasForeignKey(s => s.PostOfficeId).OnDelete(DeleteBehavior.Cascade);
        slot.HasIndex(s => s.MoveId);
    }
}

internal sealed class PendingCleanupConfiguration : IEntityTypeConfiguration<PendingCleanup>
{
    public void Configure(EntityTypeBuilder<PendingCleanup> cleanup)
    {
        cleanup.HasKey(c => c.Id);
        cleanup.Property(c => c.UserId).HasMaxLength(DirectoryUser.UserIdMaxLength).IsRequired();
        cleanup.Property(c => c.State).HasConversion<string>().HasMaxLength(16);
        cleanup.Property(c => c.LastError).HasMaxLength(4000);
        cleanup.Property(c => c.RetriedBy).HasMaxLength(256);
        cleanup.HasOne<Move>().WithMany().HasForeignKey(c => c.MoveId).OnDelete(DeleteBehavior.Cascade);
        cleanup.HasOne<PostOffice>().WithMany().HasForeignKey(c => c.PostOfficeId).OnDelete(DeleteBehavior.Restrict);
        cleanup.HasIndex(c => new { c.State, c.NextAttemptAt });
        cleanup.HasIndex(c => c.MoveId);
    }
}
