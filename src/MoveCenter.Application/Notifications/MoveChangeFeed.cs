using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// Reads the change feed in order and tells every listener on this node. Because the feed is in the database, a
/// change made by the engine on any node reaches the status pages served by every node. The cursor reads again the ids
/// it skipped, so a change committed after a later one was read is still told.
/// </summary>
public sealed class MoveChangeFeed(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IEnumerable<IMoveChangeListener> listeners,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<MoveChangeFeed> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        long last;
        await using (var db = await dbFactory.CreateDbContextAsync(stoppingToken))
            last = await db.MoveChanges.MaxAsync(c => (long?)c.Id, stoppingToken) ?? 0;

        // Each listener is told on a task of its own: a slow one must not hold up the feed or the other listeners.
        var deliveries = listeners.Select(l => new LatestChangeDelivery(move => l.OnMoveChangedAsync(move, stoppingToken), logger)).ToList();
        try
        {
            await ReadAsync(new ChangeFeedCursor(last), deliveries, stoppingToken);
        }
        finally
        {
            foreach (var delivery in deliveries) delivery.Dispose();
        }
    }

    private async Task ReadAsync(ChangeFeedCursor cursor, IReadOnlyList<LatestChangeDelivery> deliveries, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.ChangeFeedInterval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PublishSinceAsync(cursor, deliveries, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Reading the move change feed failed; trying again");
            }
        }
    }

    private async Task PublishSinceAsync(ChangeFeedCursor cursor, IReadOnlyList<LatestChangeDelivery> deliveries, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (last, missing) = (cursor.Last, cursor.Missing);
        var changes = await db.MoveChanges.AsNoTracking().Where(c => c.Id > last || missing.Contains(c.Id)).OrderBy(c => c.Id).Take(2000)
            .Select(c => new { c.Id, c.MoveId }).ToListAsync(cancellationToken);
        if (changes.Count > 0)
        {
            var ids = changes.Select(c => c.MoveId).Distinct().ToList();
            var summaries = await db.Summaries(db.Moves.AsNoTracking().Where(m => ids.Contains(m.Id))).ToListAsync(cancellationToken);
            foreach (var summary in summaries)
            foreach (var delivery in deliveries)
                delivery.Post(summary);
        }
        // Only once told: a read that failed is read again.
        cursor.Advance(changes.Select(c => c.Id), clock.GetUtcNow().UtcDateTime);
    }
}
