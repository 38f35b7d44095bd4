using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Retry: run the current step again now instead of waiting for its timer; failed items get fresh attempts.</summary>
public sealed class RetryMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, async (db, move, now) =>
        {
            move.Retry(actor, now);
            var failed = await db.InventoryItems.Where(i => i.MoveId == moveId && i.State == InventoryState.Failed).ToListAsync(cancellationToken);
            foreach (var item in failed) item.Rearm();
        }, cancellationToken);
}
