using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Loads a move for a worker only while the worker's lease and fencing token are current. Together with the move's
/// version check on save, a worker that lost its lease can never write.
/// </summary>
public static class LeasedMoves
{
    public static async Task<Move> LoadLeasedAsync(this MoveCenterDbContext db, MoveLeaseGrant lease, CancellationToken cancellationToken) =>
        await db.Moves.SingleOrDefaultAsync(m => m.Id == lease.MoveId
            && EF.Property<string?>(m, MoveLease.Owner) == lease.Owner
            && EF.Property<long>(m, MoveLease.Token) == lease.Token, cancellationToken)
        ?? throw new LeaseLostException(lease.MoveId);

    /// <summary>
    /// Inside a transaction: confirms the lease with a write to the move's row (its last activity, which the watchdog
    /// reads), which holds the row until commit, so no takeover can slip in between this check and the writes that
    /// follow. Unlike a save it does not change the move's version.
    /// </summary>
    public static async Task LockLeasedAsync(this MoveCenterDbContext db, MoveLeaseGrant lease, DateTime now, CancellationToken cancellationToken)
    {
        var held = await db.Moves
            .Where(m => m.Id == lease.MoveId
                && EF.Property<string?>(m, MoveLease.Owner) == lease.Owner
                && EF.Property<long>(m, MoveLease.Token) == lease.Token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.LastActivityAt, now), cancellationToken);
        if (held == 0) throw new LeaseLostException(lease.MoveId);
    }

    /// <summary>
    /// Saves, turning a concurrent change by someone else (another worker, an admin) into a lost lease. The leased move
    /// is always written, even when only other rows changed, so its version check guards every row of the save: a
    /// worker that lost its lease after loading the move writes nothing at all.
    /// </summary>
    public static async Task SaveFencedAsync(this MoveCenterDbContext db, MoveLeaseGrant lease, CancellationToken cancellationToken)
    {
        var move = db.ChangeTracker.Entries<Move>().SingleOrDefault(e => e.Entity.Id == lease.MoveId)
            ?? throw new InvalidOperationException($"Move {lease.MoveId} must be loaded with LoadLeasedAsync before a fenced save.");
        if (move.State == EntityState.Unchanged) move.Property(m => m.Version).IsModified = true;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new LeaseLostException(lease.MoveId);
        }
    }
}
