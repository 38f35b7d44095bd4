using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// The move slots of each post office, shared by every node: a move holds one slot at its source and one at its target
/// while it runs. Slots are given out only by <see cref="SlotWaiters"/>, inside a transaction that holds
/// <see cref="Lock"/>, so one decision at a time, on any node, says who gets them. A slot whose move no longer works
/// (not leased, and not on its way to a worker) counts as free, so a node that dies leaks no slot.
/// </summary>
public sealed class MoveSlots(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, TimeProvider clock)
{
    /// <summary>The database lock that every decision about who gets a slot holds.</summary>
    public const string Lock = "MoveCenter.MoveSlots";

    /// <summary>Whether the move holds a slot at both its post offices already, as a move going on to its next phase does.</summary>
    public async Task<bool> HoldsAsync(Guid moveId, int sourceId, int targetId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var held = await db.MoveSlots.Where(s => s.MoveId == moveId && (s.PostOfficeId == sourceId || s.PostOfficeId == targetId))
            .Select(s => s.PostOfficeId).Distinct().CountAsync(cancellationToken);
        return held == (sourceId == targetId ? 1 : 2);
    }

    /// <summary>
    /// Frees the move's slots unless it still works (its lease is held, or it is on its way to a worker), so a worker
    /// that lost its lease cannot free the slots its successor holds.
    /// </summary>
    /// <returns>How many slots were freed.</returns>
    public async Task<int> ReleaseIfIdleAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = Working(db);
        return await db.MoveSlots.Where(s => s.MoveId == moveId && !working.Any(m => m.Id == moveId))
            .ExecuteUpdateAsync(s => s.SetProperty(slot => slot.MoveId, (Guid?)null).SetProperty(slot => slot.ClaimedAt, (DateTime?)null), cancellationToken);
    }

    /// <summary>How many moves hold a slot at the post office and work now, on any node.</summary>
    public async Task<int> CountWorkingAsync(int postOfficeId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = Working(db);
        return await db.MoveSlots.CountAsync(s => s.PostOfficeId == postOfficeId && working.Any(m => m.Id == s.MoveId), cancellationToken);
    }

    /// <summary>
    /// Every post office's slots as they stand, for a decision inside <paramref name="db"/>'s transaction holding
    /// <see cref="Lock"/>. Slot rows are made here when a post office first needs them or its limit was raised; only
    /// holders of the lock make them, so no two nodes insert the same row.
    /// </summary>
    public async Task<SlotBoard> LoadAsync(MoveCenterDbContext db, CancellationToken cancellationToken)
    {
        var limits = await db.PostOffices.Select(p => new { p.Id, p.MaxConcurrentMoves }).ToDictionaryAsync(p => p.Id, p => p.MaxConcurrentMoves, cancellationToken);
        var existing = (await db.MoveSlots.Select(s => new { s.PostOfficeId, s.SlotNumber }).ToListAsync(cancellationToken))
            .Select(s => (s.PostOfficeId, s.SlotNumber)).ToHashSet();
        var missing = limits.SelectMany(p => Enumerable.Range(1, p.Value).Select(number => (PostOfficeId: p.Key, SlotNumber: number)))
            .Where(slot => !existing.Contains(slot)).Select(slot => new MoveSlot { PostOfficeId = slot.PostOfficeId, SlotNumber = slot.SlotNumber }).ToList();
        if (missing.Count > 0)
        {
            db.MoveSlots.AddRange(missing);
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var working = Working(db);
        var slots = await db.MoveSlots.AsNoTracking()
            .Select(s => new { s.PostOfficeId, s.SlotNumber, s.MoveId, Works = s.MoveId != null && working.Any(m => m.Id == s.MoveId) })
            .ToListAsync(cancellationToken);
        return new SlotBoard(slots.Select(s => new SlotBoard.Slot(s.PostOfficeId, s.SlotNumber, s.MoveId, s.Works)), limits);
    }

    /// <summary>
    /// Writes the slots a decision gave the move. Each write is conditional on the slot being free still, so a holder
    /// that started working again since the board was read keeps its slot; false when one was, and the move has to wait.
    /// </summary>
    public async Task<bool> ClaimAsync(MoveCenterDbContext db, Guid moveId, IEnumerable<SlotBoard.Slot> taken, CancellationToken cancellationToken)
    {
        var working = Working(db);
        var now = Now;
        foreach (var slot in taken)
        {
            var claimed = await db.MoveSlots
                .Where(s => s.PostOfficeId == slot.PostOfficeId && s.SlotNumber == slot.SlotNumber
                    && (s.MoveId == null || s.MoveId == moveId || !working.Any(m => m.Id == s.MoveId)))
                .ExecuteUpdateAsync(s => s.SetProperty(row => row.MoveId, moveId).SetProperty(row => row.ClaimedAt, now), cancellationToken);
            if (claimed == 0) return false;
        }
        return true;
    }

    /// <summary>
    /// Moves that occupy their slots: leased by a worker now, or handed to the job engine a moment ago, either to run
    /// their next phase or, waiting for a slot, to start with the slots a decision gave them.
    /// </summary>
    private IQueryable<Move> Working(MoveCenterDbContext db)
    {
        var now = Now;
        var recentDispatch = now - options.Value.DispatchTimeout;
        return db.Moves.Where(m =>
            (EF.Property<string?>(m, MoveLease.Owner) != null && EF.Property<DateTime?>(m, MoveLease.ExpiresAt) >= now)
            || ((m.Status == MoveStatus.Running || (m.Status == MoveStatus.Waiting && m.RetryCause == RetryCause.MoveSlot))
                && EF.Property<string?>(m, MoveLease.Owner) == null
                && EF.Property<DateTime?>(m, MoveLease.DispatchedAt) >= recentDispatch));
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
