using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// The move slots of each post office, shared by every node: a move holds one slot at its source and one at its target
/// while it runs. The database decides each claim with a conditional update of a slot row, so no two moves hold the
/// same slot whatever node they run on. A slot whose move no longer works (not leased and not being handed to its next
/// phase) counts as free, so a node that dies leaks no slot.
/// </summary>
public sealed class MoveSlots(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, TimeProvider clock)
{
    /// <summary>Claims a slot at both post offices; returns null when both are held, or why the move has to wait.</summary>
    public async Task<string?> TryClaimAsync(Guid moveId, PostOffice source, PostOffice target, CancellationToken cancellationToken)
    {
        if (!await TryClaimAsync(moveId, source, cancellationToken)) return Full("source", source);
        if (await TryClaimAsync(moveId, target, cancellationToken)) return null;
        // Holding the source's slot while waiting for the target's would only keep another move from the source.
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            await Free(db.MoveSlots.Where(s => s.MoveId == moveId && s.PostOfficeId == source.Id), cancellationToken);
        return Full("target", target);
    }

    /// <summary>
    /// Frees the move's slots unless it still works (its lease is held, or it is on its way to its next phase), so a
    /// worker that lost its lease cannot free the slots its successor holds. Says whether it freed any.
    /// </summary>
    public async Task<bool> ReleaseIfIdleAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = Working(db);
        return await Free(db.MoveSlots.Where(s => s.MoveId == moveId && !working.Any(m => m.Id == moveId)), cancellationToken) > 0;
    }

    /// <summary>How many move slots each post office has free now, counted as a claim would count them.</summary>
    public async Task<Dictionary<int, int>> FreeAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var working = Working(db);
        var held = await db.MoveSlots
            .Where(s => s.MoveId != null && working.Any(m => m.Id == s.MoveId)
                && s.SlotNumber <= db.PostOffices.Where(p => p.Id == s.PostOfficeId).Select(p => p.MaxConcurrentMoves).First())
            .GroupBy(s => s.PostOfficeId)
            .Select(g => new { PostOfficeId = g.Key, Held = g.Count() })
            .ToDictionaryAsync(h => h.PostOfficeId, h => h.Held, cancellationToken);
        var limits = await db.PostOffices.AsNoTracking().Select(p => new { p.Id, p.MaxConcurrentMoves }).ToListAsync(cancellationToken);
        return limits.ToDictionary(p => p.Id, p => p.MaxConcurrentMoves - held.GetValueOrDefault(p.Id));
    }

    private static Task<int> Free(IQueryable<MoveSlot> slots, CancellationToken cancellationToken) =>
        slots.ExecuteUpdateAsync(s => s.SetProperty(slot => slot.MoveId, (Guid?)null).SetProperty(slot => slot.ClaimedAt, (DateTime?)null), cancellationToken);

    private async Task<bool> TryClaimAsync(Guid moveId, PostOffice postOffice, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.MoveSlots.AnyAsync(s => s.PostOfficeId == postOffice.Id && s.MoveId == moveId, cancellationToken)) return true;
        await EnsureSlotRowsAsync(postOffice, cancellationToken);

        var working = Working(db);
        var free = db.MoveSlots.Where(s => s.PostOfficeId == postOffice.Id && s.SlotNumber <= postOffice.MaxConcurrentMoves
            && (s.MoveId == null || !working.Any(m => m.Id == s.MoveId)));
        var now = Now;
        foreach (var number in await free.Select(s => s.SlotNumber).OrderBy(n => n).ToListAsync(cancellationToken))
        {
            // The condition is checked again by the update itself: of two moves after the same slot, one wins.
            var claimed = await free.Where(s => s.SlotNumber == number)
                .ExecuteUpdateAsync(s => s.SetProperty(slot => slot.MoveId, moveId).SetProperty(slot => slot.ClaimedAt, now), cancellationToken);
            if (claimed == 1) return true;
        }
        return false;
    }

    /// <summary>
    /// Slot rows are made when a post office first needs them, or when its limit was raised. Two nodes may make the same
    /// row at once: each insert adds its row only where it is missing, so the usual case writes no error to the log, and a
    /// collision that still slips through (SQL Server between the check and the insert) only means the row is there.
    /// </summary>
    private async Task EnsureSlotRowsAsync(PostOffice postOffice, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var existing = await db.MoveSlots.Where(s => s.PostOfficeId == postOffice.Id).Select(s => s.SlotNumber).ToListAsync(cancellationToken);
        foreach (var number in Enumerable.Range(1, postOffice.MaxConcurrentMoves).Except(existing))
        {
            try
            {
                await db.Database.ExecuteSqlInterpolatedAsync(
                    $"""INSERT INTO "MoveSlots" ("PostOfficeId", "SlotNumber") SELECT {postOffice.Id}, {number} WHERE NOT EXISTS (SELECT 1 FROM "MoveSlots" WHERE "PostOfficeId" = {postOffice.Id} AND "SlotNumber" = {number})""",
                    cancellationToken);
            }
            catch (DbException)
            {
                if (!await SlotExistsAsync(postOffice.Id, number, cancellationToken)) throw;
            }
        }
    }

    private async Task<bool> SlotExistsAsync(int postOfficeId, int number, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.MoveSlots.AnyAsync(s => s.PostOfficeId == postOfficeId && s.SlotNumber == number, cancellationToken);
    }

    /// <summary>Moves that occupy their slots: leased by a worker now, or running and handed to their next phase's job a moment ago.</summary>
    private IQueryable<Move> Working(MoveCenterDbContext db)
    {
        var now = Now;
        var recentDispatch = now - options.Value.DispatchTimeout;
        return db.Moves.Where(m =>
            (EF.Property<string?>(m, MoveLease.Owner) != null && EF.Property<DateTime?>(m, MoveLease.ExpiresAt) >= now)
            || (m.Status == MoveStatus.Running && EF.Property<string?>(m, MoveLease.Owner) == null
                && EF.Property<DateTime?>(m, MoveLease.DispatchedAt) >= recentDispatch));
    }

    private static string Full(string side, PostOffice postOffice) =>
        $"{side} post office {postOffice.Name} has all {postOffice.MaxConcurrentMoves} move slots in use";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
