using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Starts the moves that wait for a move slot as soon as slots free, best first: restarted moves, then the oldest.
/// Called where a move gives up its slots and at every supervisor pass on every node, so a slot freed by a node that
/// died before it could hand the slot on is still used within one pass. Only as many moves are handed out as there
/// are free slots, so the best waiting move is the one that gets a freed slot; the claim itself still decides in the
/// database, so no post office ever runs more moves than it has slots.
/// </summary>
public sealed class SlotWaiters(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    MoveSlots slots,
    MoveDispatcher dispatcher,
    IOptions<EngineOptions> options,
    TimeProvider clock)
{
    public async Task StartWhatFitsAsync(CancellationToken cancellationToken)
    {
        var free = await slots.FreeAsync(cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stale = clock.GetUtcNow().UtcDateTime - options.Value.DispatchTimeout;
        var waiting = db.Moves.AsNoTracking().Where(m => m.Status == MoveStatus.Waiting && m.RetryCause == RetryCause.MoveSlot);
        // A move handed out a moment ago and not yet picked up by a worker is about to claim its slots: they are not free for another.
        var handedOut = await waiting
            .Where(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt) >= stale && EF.Property<string?>(m, MoveLease.Owner) == null)
            .Select(m => new { m.SourcePostOfficeId, m.TargetPostOfficeId })
            .ToListAsync(cancellationToken);
        foreach (var move in handedOut) Take(free, move.SourcePostOfficeId, move.TargetPostOfficeId);

        var candidates = await waiting.WorkableAt(db, options.Value.Site)
            .Where(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt) == null || EF.Property<DateTime?>(m, MoveLease.DispatchedAt) < stale)
            .OrderByDescending(m => m.RestartWithPriority)
            .ThenBy(m => m.CreatedAt)
            .Select(m => new { m.Id, m.SourcePostOfficeId, m.TargetPostOfficeId })
            .Take(200)
            .ToListAsync(cancellationToken);
        foreach (var move in candidates)
        {
            if (free.GetValueOrDefault(move.SourcePostOfficeId) <= 0 || free.GetValueOrDefault(move.TargetPostOfficeId) <= 0) continue;
            Take(free, move.SourcePostOfficeId, move.TargetPostOfficeId);
            await dispatcher.TryDispatchAsync(move.Id, cancellationToken);
        }
    }

    /// <summary>A move holds one slot at its source and one at its target, one in all when they are the same post office.</summary>
    private static void Take(Dictionary<int, int> free, int source, int target)
    {
        free[source] = free.GetValueOrDefault(source) - 1;
        if (target != source) free[target] = free.GetValueOrDefault(target) - 1;
    }
}
