using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Persistence;

public sealed class MoveCenterDbContext(DbContextOptions<MoveCenterDbContext> options) : IdentityDbContext<AppUser>(options), IDataProtectionKeyContext
{
    public DbSet<PostOffice> PostOffices => Set<PostOffice>();
    public DbSet<DirectoryUser> DirectoryUsers => Set<DirectoryUser>();
    public DbSet<Nickname> Nicknames => Set<Nickname>();
    public DbSet<Move> Moves => Set<Move>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<MoveEvent> MoveEvents => Set<MoveEvent>();
    public DbSet<MoveProgressSample> MoveProgressSamples => Set<MoveProgressSample>();
    public DbSet<InventoryItem> InventoryItems => Set<InventoryItem>();
    public DbSet<MigratedItem> MigratedItems => Set<MigratedItem>();
    public DbSet<MoveChange> MoveChanges => Set<MoveChange>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<MoveLogEntry> MoveLogEntries => Set<MoveLogEntry>();
    public DbSet<MoveSlot> MoveSlots => Set<MoveSlot>();
    public DbSet<PendingCleanup> PendingCleanups => Set<PendingCleanup>();
    public DbSet<NotificationSettingsRow> NotificationSettings => Set<NotificationSettingsRow>();
    public DbSet<NotificationTemplateRow> NotificationTemplates => Set<NotificationTemplateRow>();
    public DbSet<OutboxMessage> NotificationOutbox => Set<OutboxMessage>();

    /// <summary>The keys that encrypt secrets at rest, shared by every node through the database.</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(MoveCenterDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Every time is UTC; the database keeps no kind, so it is restored on the way back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<NullableUtcConverter>();
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        StampMoveChanges();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        StampMoveChanges();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    /// <summary>Bumps each changed move's version (the optimistic concurrency check) and writes its change-feed row.</summary>
    private void StampMoveChanges()
    {
        var now = DateTime.UtcNow;
        foreach (var entry in ChangeTracker.Entries<Move>().ToList())
        {
            if (entry.State == EntityState.Modified)
            {
                var version = entry.Property(m => m.Version);
                version.CurrentValue = version.OriginalValue + 1;
            }
            if (entry.State is EntityState.Added or EntityState.Modified)
                MoveChanges.Add(new MoveChange { MoveId = entry.Entity.Id, At = now });
        }
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
        v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    private sealed class NullableUtcConverter() : ValueConverter<DateTime?, DateTime?>(
        v => v.HasValue ? (v.Value.Kind == DateTimeKind.Utc ? v : v.Value.ToUniversalTime()) : v,
        v => v.HasValue ? DateTime.SpecifyKind(v.Value, DateTimeKind.Utc) : v);
}
