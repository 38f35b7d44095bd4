using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Persistence.Configurations;

internal sealed class MoveConfiguration : IEntityTypeConfiguration<Move>
{
    public void Configure(EntityTypeBuilder<Move> move)
    {
        move.HasKey(m => m.Id);
        move.Property(m => m.Id).ValueGeneratedNever();
        move.Property(m => m.UserId).HasMaxLength(DirectoryUser.UserIdMaxLength).IsRequired();
        move.Property(m => m.RequestedBy).HasMaxLength(256);
        move.Property(m => m.Status).HasConversion<string>().HasMaxLength(32);
        move.Property(m => m.Phase).HasConversion<string>().HasMaxLength(32);
        move.Property(m => m.RetryCause).HasConversion<string>().HasMaxLength(32);
        move.Property(m => m.WaitReason).HasMaxLength(2000);
        move.Property(m => m.LastError).HasMaxLength(4000);
        move.Property(m => m.Version).IsConcurrencyToken();
        move.ComplexProperty(m => m.Options, options =>
        {
            options.Property(o => o.BadItemLimit).HasColumnName("BadItemLimit");
            options.Property(o => o.PurgeMode).HasColumnName("PurgeMode").HasConversion<string>().HasMaxLength(16);
            options.Property(o => o.Mode).HasColumnName("Mode").HasConversion<string>().HasMaxLength(16);
            options.Property(o => o.CompleteAfter).HasColumnName("CompleteAfter");
            options.Property(o => o.IncrementalSyncInterval).HasColumnName("IncrementalSyncInterval");
        });

        move.Property<string?>(MoveLease.Owner).HasMaxLength(200);
        move.Property<DateTime?>(MoveLease.ExpiresAt);
        move.Property<long>(MoveLease.Token);
        move.Property<DateTime?>(MoveLease.DispatchedAt);

        move.HasMany(m => m.History).WithOne().HasForeignKey(e => e.MoveId).OnDelete(DeleteBehavior.Cascade);
        move.Navigation(m => m.History).UsePropertyAccessMode(PropertyAccessMode.Field);
        move.Ignore(m => m.ItemsRemaining);
        move.Ignore(m => m.AwaitsApproval);
        move.Property(m => m.Grade).HasConversion<string>().HasMaxLength(16);
        move.Property(m => m.SkipsApprovedBy).HasMaxLength(256);
        move.Property<long>("LastSampleBytes");
        move.HasMany(m => m.Samples).WithOne().HasForeignKey(s => s.MoveId).OnDelete(DeleteBehavior.Cascade);
        move.Navigation(m => m.Samples).UsePropertyAccessMode(PropertyAccessMode.Field);

        move.HasIndex(m => new { m.Cleared, m.Status });
        move.HasIndex(m => m.UserId);
        move.Property(m => m.ActiveUserId).HasMaxLength(DirectoryUser.UserIdMaxLength);
        move.HasIndex(m => m.ActiveUserId).IsUnique();
        move.HasIndex(m => m.LastActivityAt);
        move.HasIndex(m => m.SourcePostOfficeId);
        move.HasIndex(m => m.TargetPostOfficeId);
    }
}

internal sealed class MoveEventConfiguration : IEntityTypeConfiguration<MoveEvent>
{
    public void Configure(EntityTypeBuilder<MoveEvent> moveEvent)
    {
        moveEvent.HasKey(e => e.Id);
        moveEvent.Property(e => e.Kind).HasConversion<string>().HasMaxLength(32);
        moveEvent.Property(e => e.Message).HasMaxLength(4000);
        moveEvent.Property(e => e.Actor).HasMaxLength(256);
        moveEvent.HasIndex(e => new { e.MoveId, e.Id });
    }
}

internal sealed class MoveProgressSampleConfiguration : IEntityTypeConfiguration<MoveProgressSample>
{
    public void Configure(EntityTypeBuilder<MoveProgressSample> sample) => sample.HasIndex(s => new { s.MoveId, s.At });
}
