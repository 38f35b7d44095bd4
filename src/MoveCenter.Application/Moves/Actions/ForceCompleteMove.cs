using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Domain.Inventory;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Force Complete: every item not yet at the target is recorded as skipped by the admin, then the source is purged.</summary>
public sealed class ForceCompleteMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveForceComplete, actor, async (db, move, now) =>
        {
            var remaining = await db.InventoryItems
                .Where(i => i.MoveId == moveId && (i.State == InventoryState.Failed || i.State == InventoryState.Pending))
                .ToListAsync(cancellationToken);
            foreach (var item in remaining) item.SkipByAdmin(actor, $"Force Complete by {actor}", now);
            move.ForceComplete(remaining.Count, actor, now);
        }, cancellationToken);
}
