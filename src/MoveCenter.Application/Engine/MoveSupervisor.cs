using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Runs on every node. The database is the truth and the job engine only dispatches, so the supervisor hands due
/// moves to the engine, starts moves waiting for a move slot where slots are free, restarts moves whose worker died,
/// re-dispatches hand-overs that were lost, re-examines stalled moves on the deferred schedule, wakes synced copy-first
/// moves for their next incremental sync or cutover, and tries pending cleanups again.
/// </summary>
public sealed class MoveSupervisor(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    MoveLeases leases,
    SlotWaiters slotWaiters,
    MoveDispatcher dispatcher,
    SourceCleanups cleanups,
    SyncedMoves synced,
    JobEngineSettings jobEngine,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<MoveSupervisor> logger) : BackgroundService
{
    private readonly EngineOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RecoverAfterStartAsync(stoppingToken);
        using var timer = new PeriodicTimer(_options.SupervisorInterval, clock);
        do
        {
            try
            {
                await SuperviseOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Supervisor pass failed; trying again at the next tick");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task RecoverAfterStartAsync(CancellationToken cancellationToken)
    {
        var expired = await leases.ExpireLeasesOfPreviousProcessAsync(cancellationToken);
        if (expired > 0)
            logger.LogWarning("{Count} moves were held by this node's previous process, which did not stop cleanly; they restart now", expired);
        if (jobEngine.Storage == JobStorageKind.InMemory)
        {
            // Jobs queued before the restart died with the process: every unfinished move is dispatched again from its recorded state.
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            await db.Moves.Where(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt) != null)
                .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt), (DateTime?)null), cancellationToken);
        }
    }

    public async Task SuperviseOnceAsync(CancellationToken cancellationToken)
    {
        foreach (var abandoned in await leases.FindAbandonedAsync(cancellationToken))
            await RestartAbandonedAsync(abandoned, cancellationToken);
        foreach (var moveId in await FindStalledDueAsync(cancellationToken))
            await ReexamineAsync(moveId, cancellationToken);
        await synced.WakeDueAsync(cancellationToken);
        foreach (var moveId in await FindDueAsync(cancellationToken))
            await dispatcher.TryDispatchAsync(moveId, cancellationToken);
        await slotWaiters.StartWhatFitsAsync(cancellationToken);
        await cleanups.RetryDueAsync(cancellationToken);
        await PruneChangeFeedAsync(cancellationToken);
    }

    /// <summary>
    /// Restarts a move whose worker stopped answering, judged against the lease the move had when it was found: if it
    /// was taken over since (by another node's supervisor and a new worker), the new worker lives and nothing happens.
    /// </summary>
    public async Task RestartAbandonedAsync(AbandonedMove seen, CancellationToken cancellationToken)
    {
        if (seen.Owner is null)
        {
            // Handed over between phases and never picked up: dispatch again, no restart to count.
            await dispatcher.TryDispatchAsync(seen.MoveId, cancellationToken);
            return;
        }
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var strategy = db.Database.CreateExecutionStrategy();
        var restarted = await strategy.ExecuteAsync(async () =>
        {
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await leases.TryClaimAbandonedAsync(db, seen, cancellationToken)) return null;
            var move = await db.Moves.SingleAsync(m => m.Id == seen.MoveId, cancellationToken);
            move.RestartAutomatically($"the worker {seen.Owner} stopped answering in {move.Phase.DisplayName()} (terminated abnormally)",
                _options.Retry.MaxAutomaticRestarts, clock.GetUtcNow().UtcDateTime);
            db.SetDispatchedAt(move, null);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                return null; // an admin's action got there first
            }
            await transaction.CommitAsync(cancellationToken);
            return move;
        });
        if (restarted is null) return; // taken over, restarted by another node, or its worker renewed in time
        logger.LogWarning("Move {MoveId} of {UserId} restarted automatically ({Restarts} so far); it was {Status}",
            seen.MoveId, restarted.UserId, restarted.Restarts, restarted.Status);
        await slotWaiters.ReleaseAsync(seen.MoveId, cancellationToken);
        if (restarted.Status == MoveStatus.Queued) await dispatcher.TryDispatchAsync(seen.MoveId, cancellationToken);
    }

    /// <summary>A stalled move whose deferred re-examination is due runs its step again, its failed items rearmed, as a Retry would.</summary>
    private async Task ReexamineAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.Moves.SingleAsync(m => m.Id == moveId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (move.Status != MoveStatus.Stalled || move.NotBefore is null || move.NotBefore > now) return;
        move.Reexamine(_options.Retry.DeferredTries, now);
        await db.RearmFailedItemsAsync(moveId, cancellationToken);
        db.SetDispatchedAt(move, null);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return; // an admin acted, or another node's supervisor re-examined it first
        }
        logger.LogInformation("Stalled move {MoveId} of {UserId} re-examined (deferred try {Attempt})", moveId, move.UserId, move.RetryAttempt);
        await dispatcher.TryDispatchAsync(moveId, cancellationToken);
    }

    private async Task<List<Guid>> FindStalledDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Moves.AsNoTracking()
            .Where(m => m.Status == MoveStatus.Stalled && m.NotBefore != null && m.NotBefore <= now)
            .OrderBy(m => m.NotBefore)
            .Select(m => m.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
    }

    private async Task<List<Guid>> FindDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - _options.DispatchTimeout;
        return await db.Moves.AsNoTracking().WorkableAt(db, _options.Site)
            // A move waiting for a move slot has no time set: it is started when a slot is free, best first.
            .Where(m => (m.Status == MoveStatus.Queued || (m.Status == MoveStatus.Waiting && m.RetryCause != RetryCause.MoveSlot))
                && (m.NotBefore == null || m.NotBefore <= now)
                && (EF.Property<DateTime?>(m, MoveLease.DispatchedAt) == null || EF.Property<DateTime?>(m, MoveLease.DispatchedAt) < stale))
            .BestFirst()
            .Select(m => m.Id)
            .Take(200)
            .ToListAsync(cancellationToken);
    }

    private async Task PruneChangeFeedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var cutoff = clock.GetUtcNow().UtcDateTime.AddMinutes(-10);
        await db.MoveChanges.Where(c => c.At < cutoff).ExecuteDeleteAsync(cancellationToken);
    }
}
