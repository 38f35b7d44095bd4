using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// A migrated SQLite database with the two post offices SourcePO and DestPO and moves written as the engine leaves them,
/// for queries that read history (forecasts, the project view) without running moves for hours.
/// </summary>
public sealed class SeededDatabase : IAsyncDisposable
{
    private readonly TestDataFolder _data;
    private ServiceProvider _services = null!;

    private SeededDatabase(DatabaseSettings? database) => _data = new TestDataFolder(database);

    public int SourceId { get; private set; }
    public int TargetId { get; private set; }

    public IDbContextFactory<MoveCenterDbContext> Factory => _services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <param name="database">A server database; an SQLite file of its own when null.</param>
    public static async Task<SeededDatabase> CreateAsync(DatabaseSettings? database = null, Action<PostOffice>? configureSource = null)
    {
        var seeded = new SeededDatabase(database);
        seeded._services = new ServiceCollection().AddMoveCenterPersistence(seeded._data.Database).BuildServiceProvider();
        await using var db = await seeded.Factory.CreateDbContextAsync(Ct);
        await db.MigrateMoveCenterDatabaseAsync(Ct);
        var source = PostOffice.Maildir("SourcePO", "dom1", "/srv/mail/source");
        configureSource?.Invoke(source);
        var target = PostOffice.Maildir("DestPO", "dom1", "/srv/mail/dest");
        db.PostOffices.AddRange(source, target);
        await db.SaveChangesAsync(Ct);
        (seeded.SourceId, seeded.TargetId) = (source.Id, target.Id);
        return seeded;
    }

    /// <summary>A move from SourcePO to DestPO with the status, bytes and times given, as its row holds them.</summary>
    /// <param name="lastActivityAt">When it last made progress; its finish, or else its start, when null.</param>
    public async Task<Guid> AddMoveAsync(string userId, MoveStatus status, long bytesTotal, long bytesMoved, DateTime? startedAt, DateTime? finishedAt,
        Guid? batchId = null, bool inventoried = true, DateTime? lastActivityAt = null)
    {
        var id = Guid.NewGuid();
        await using var db = await Factory.CreateDbContextAsync(Ct);
        db.Moves.Add(Move.Queue(id, userId, SourceId, TargetId, new MoveOptions(), null, "admin", (startedAt ?? DateTime.UtcNow).AddHours(-1), batchId: batchId));
        await db.SaveChangesAsync(Ct);
        await db.Moves.Where(m => m.Id == id).ExecuteUpdateAsync(move => move
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.BytesTotal, bytesTotal)
            .SetProperty(m => m.BytesMoved, bytesMoved)
            .SetProperty(m => m.InventoryTakenAt, inventoried ? startedAt : null)
            .SetProperty(m => m.StartedAt, startedAt)
            .SetProperty(m => m.FinishedAt, finishedAt)
            .SetProperty(m => m.LastActivityAt, lastActivityAt ?? finishedAt ?? startedAt ?? DateTime.UtcNow), Ct);
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        _data.Dispose();
    }
}
