using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Domain.Inventory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>
/// Restart the entire move: it runs again from Preflight and takes a fresh inventory. Items already at the target keep
/// their entries and migrated-item records, so they are not sent again; items whose outcome is unknown (in flight)
/// are kept too and looked up at the target first. Skipped and failed items are listed afresh and tried again.
/// </summary>
public sealed class RestartMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveRestart, actor, async (db, move, now) =>
        {
            // A worker that still holds the move may be recording its last block: the entries it records must still exist.
            if (db.LiveLeaseOwner(move, now) is { } owner)
                throw new InvalidOperationException($"The worker {owner} is still finishing its last step of this move; restart it in a few seconds.");
            move.RestartEntireMove(actor, now);
            var unknown = await db.InventoryItems
                .Where(i => i.MoveId == moveId && i.InFlight && i.State != InventoryState.Moved)
                .ToListAsync(cancellationToken);
            foreach (var item in unknown) item.ReturnToTransfer();
        }, cancellationToken);
}
