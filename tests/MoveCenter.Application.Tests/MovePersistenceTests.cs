using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>The migrations apply, and a move's state and history survive a save and a fresh read.</summary>
public sealed class MovePersistenceTests
{
    [Fact]
    public async Task On_Sqlite_the_migrations_apply_and_a_moves_state_round_trips()
    {
        using var data = new TestDataFolder();
        await AssertMoveRoundTripsAsync(DatabaseSettings.Sqlite(data.DatabaseFile));
    }

    /// <summary>SQLite waits for the write lock itself, instead of the driver's sleeps of 150 ms between tries.</summary>
    [Fact]
    public async Task On_Sqlite_every_connection_waits_for_the_write_lock_as_long_as_the_connection_string_allows()
    {
        var ct = TestContext.Current.CancellationToken;
        using var data = new TestDataFolder();
        await using var services = new ServiceCollection().AddMoveCenterPersistence(DatabaseSettings.Sqlite(data.DatabaseFile)).BuildServiceProvider();
        await using var db = await services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(ct);

        var waits = await db.Database.SqlQueryRaw<long>("PRAGMA busy_timeout").ToListAsync(ct);

        Assert.Equal(60_000, waits.Single());
    }

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task AssertMoveRoundTripsAsync(DatabaseSettings settings)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var services = new ServiceCollection().AddMoveCenterPersistence(settings).BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();
        await using (var db = await factory.CreateDbContextAsync(ct))
            await db.MigrateMoveCenterDatabaseAsync(ct);

        var queuedAt = new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc);
        var moveId = Guid.NewGuid();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var source = PostOffice.Maildir("SourcePO", "dom1", "/srv/mail/source");
            var target = PostOffice.Maildir("DestPO", "dom1", "/srv/mail/dest");
            db.PostOffices.AddRange(source, target);
            await db.SaveChangesAsync(ct);
            db.DirectoryUsers.Add(new DirectoryUser("UserA", source.Id, "User A", null));
            db.Moves.Add(Move.Queue(moveId, "UserA", source.Id, target.Id,
                new MoveOptions { BadItemLimit = 5, PurgeMode = PurgeMode.Keep }, null, "admin", queuedAt));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var move = await db.Moves.SingleAsync(m => m.Id == moveId, ct);
            move.BeginWork(queuedAt.AddSeconds(1));
            move.CompletePhase(queuedAt.AddSeconds(2), "3 messages to move.");
            move.RecordInventory(12, 4096, queuedAt.AddSeconds(3));
            move.RecordProgress(7, 0, 2048, queuedAt.AddSeconds(4));
            move.Stall("Item x in Inbox could not be moved.", new RetryPolicy(), queuedAt.AddSeconds(5));
            await db.SaveChangesAsync(ct);
        }

        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var move = await db.Moves.AsNoTracking().Include(m => m.History).SingleAsync(m => m.Id == moveId, ct);
            Assert.Equal(MoveStatus.Stalled, move.Status);
            Assert.Equal(MovePhase.AdminRename, move.Phase);
            Assert.Equal(new MoveOptions { BadItemLimit = 5, PurgeMode = PurgeMode.Keep }, move.Options);
            Assert.Equal((12, 7, 4096L, 2048L, 5), (move.InventoryTotal, move.ItemsMoved, move.BytesTotal, move.BytesMoved, move.ItemsRemaining));
            Assert.Equal("Item x in Inbox could not be moved.", move.LastError);
            Assert.Equal((RetryCause.Deferred, 1, queuedAt.AddSeconds(5).AddHours(12)), (move.RetryCause, move.RetryAttempt, move.NotBefore));
            Assert.Equal(queuedAt, move.CreatedAt);
            Assert.Equal(DateTimeKind.Utc, move.StartedAt?.Kind);
            Assert.Equal(queuedAt.AddSeconds(3), move.InventoryTakenAt);
            Assert.Equal(
                [MoveEventKind.Queued, MoveEventKind.PhaseStarted, MoveEventKind.PhaseCompleted, MoveEventKind.PhaseStarted, MoveEventKind.Stalled],
                move.History.OrderBy(h => h.Id).Select(h => h.Kind));
            Assert.Equal("admin", move.History.OrderBy(h => h.Id).First().Actor);
        }

        // The optimistic check behind the lease fencing: a write based on a stale copy is refused.
        await using var first = await factory.CreateDbContextAsync(ct);
        await using var second = await factory.CreateDbContextAsync(ct);
        var fresh = await first.Moves.SingleAsync(m => m.Id == moveId, ct);
        var stale = await second.Moves.SingleAsync(m => m.Id == moveId, ct);
        fresh.Retry("admin", queuedAt.AddSeconds(6));
        await first.SaveChangesAsync(ct);
        stale.Cancel("other-admin", queuedAt.AddSeconds(7));
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => second.SaveChangesAsync(ct));

        // Rows written by the bulk insert read back exactly as rows written by SaveChanges: dates, enums, GUIDs, nulls.
        InventoryItem[] Inventory() =>
        [
            new(moveId, 100, InventoryKind.Message, "Inbox/Réunions", "1234:56", 70_123)
            {
                Flags = 5, Keywords = "$Label1 Work", InternalDate = queuedAt.AddDays(-400), MessageId = "<a@b>",
                Subject = "Ünïcode subject", Sender = "Ann <ann@example.org>", InFlight = true,
            },
            new(moveId, 101, InventoryKind.Folder, "Sent", "", 0) { Subscribed = true, SpecialUse = 2 },
        ];
        static object Comparable(InventoryItem i) => new
        {
            i.MoveId, i.Sequence, i.Kind, i.FolderPath, i.SourceKey, i.Size, i.Flags, i.Keywords, i.InternalDate, InternalDateKind = i.InternalDate?.Kind,
            i.MessageId, i.Subject, i.Sender, i.Subscribed, i.SpecialUse, i.InFlight, i.State, i.Attempts, i.LastError,
        };
        async Task<List<object>> StoredInventoryAsync()
        {
            await using var db = await factory.CreateDbContextAsync(ct);
            var rows = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && (i.InternalDate == null || i.InternalDate < queuedAt))
                .OrderBy(i => i.Sequence).ToListAsync(ct);
            return rows.Select(Comparable).ToList();
        }
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            db.InventoryItems.AddRange(Inventory());
            await db.SaveChangesAsync(ct);
        }
        var savedByEf = await StoredInventoryAsync();
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            await db.InventoryItems.Where(i => i.MoveId == moveId).ExecuteDeleteAsync(ct);
            Assert.Equal(2, await db.BulkInsertAsync(Inventory(), ct));
        }
        Assert.Equal(2, savedByEf.Count);
        Assert.Equal(savedByEf, await StoredInventoryAsync());

        // Two requests that both passed the "no active move" check: the database keeps only one.
        await using (var db = await factory.CreateDbContextAsync(ct))
        {
            var ids = await db.PostOffices.OrderBy(p => p.Id).Select(p => p.Id).ToListAsync(ct);
            db.Moves.Add(Move.Queue(Guid.NewGuid(), "UserA", ids[0], ids[1], new MoveOptions(), null, "admin", queuedAt));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(ct));
        }
    }
}
