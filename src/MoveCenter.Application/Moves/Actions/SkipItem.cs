using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Skip: drop the item that holds the move (recorded as skipped by the admin) and retry.</summary>
public sealed class SkipItemHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveSkip, actor, async (db, move, now) =>
        {
            var item = await db.InventoryItems
                .Where(i => i.MoveId == moveId && (i.State == InventoryState.Failed || i.State == InventoryState.Pending))
                .OrderByDescending(i => i.State == InventoryState.Failed)
                .ThenBy(i => i.Sequence)
                .FirstOrDefaultAsync(cancellationToken)
                ?? throw RequestRejectedException.Conflict("This move has no pending item to skip.");
            var description = $"item {item.SourceKey} in {HeldItems.DisplayFolder(item.FolderPath)}";
            item.SkipByAdmin(actor, $"Skipped by {actor}" + (item.LastError is null ? "" : $" after: {item.LastError}"), now);
            move.RecordSkippedItem(description, actor, now);
            if (move.Status is MoveStatus.Stalled or MoveStatus.Waiting) move.Retry(actor, now);
        }, cancellationToken);
}
