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
