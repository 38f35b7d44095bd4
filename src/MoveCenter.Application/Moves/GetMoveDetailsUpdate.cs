using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Microsoft.EntityFrameworkCore;

namespace MoveCenter.Application.Moves;

/// <summary>How far a page has read a move: its newest history entry and progress sample, and what its inventory breakdown was read at.</summary>
public sealed record MoveDetailsCursor(long HistoryId, long ProgressId, InventoryStamp Inventory);

/// <summary>
/// The move's own counters and state, saved in the same transaction as every change of its inventory items' states
/// (a failed item also adds a history entry): while they stay the same and no history is added, the breakdown has not changed.
/// </summary>
public sealed record InventoryStamp(MoveStatus Status, MovePhase Phase, int Total, int Moved, int Skipped, int Remaining, long BytesMoved, string? LastError)
{
    public static InventoryStamp Of(MoveSummary move) =>
        new(move.Status, move.Phase, move.InventoryTotal, move.ItemsMoved, move.ItemsSkipped, move.ItemsRemaining, move.BytesMoved, move.LastError);
}

/// <summary>What changed since a cursor: the move row, the history entries and samples added, the breakdown only if it changed.</summary>
public sealed record MoveDetailsUpdate(
    MoveSummary Summary,
    SourceCleanupView? Cleanup,
    IReadOnlyList<MoveHistoryEntry> NewHistory,
    IReadOnlyList<ProgressPoint> NewProgress,
    IReadOnlyList<InventoryCount>? Inventory,
    MoveDetailsCursor ReadUpTo);

/// <summary>Reads what a open move page does not have yet, so a push costs the new rows and not the whole history.</summary>
public sealed class GetMoveDetailsUpdateHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<MoveDetailsUpdate?> HandleAsync(Guid moveId, MoveDetailsCursor since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var summary = await db.FindSummaryAsync(moveId, cancellationToken);
        if (summary is null) return null;
        var history = await db.HistoryAfterAsync(moveId, since.HistoryId, cancellationToken);
        var (progress, lastSample) = await db.ProgressAfterAsync(moveId, since.ProgressId, cancellationToken);
        var stamp = InventoryStamp.Of(summary);
        var inventory = history.Count > 0 || stamp != since.Inventory ? await db.InventoryBreakdownAsync(moveId, cancellationToken) : null;
        var cursor = new MoveDetailsCursor(history.Count == 0 ? since.HistoryId : history[^1].Id, lastSample, stamp);
        return new MoveDetailsUpdate(summary, await db.ForMoveAsync(moveId, cancellationToken), history, progress, inventory, cursor);
    }
}
