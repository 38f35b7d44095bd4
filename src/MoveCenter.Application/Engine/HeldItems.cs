using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>Items that failed as often as the bad item limit allows hold the move until a person acts.</summary>
internal static class HeldItems
{
    public static async Task ThrowIfAnyAsync(
        IDbContextFactory<MoveCenterDbContext> dbFactory, Guid moveId, InventoryKind kind, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var failed = await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId && i.Kind == kind && i.State == InventoryState.Failed)
            .OrderBy(i => i.Sequence)
            .ToListAsync(cancellationToken);
        if (failed.Count == 0) return;
        var first = failed[0];
        var (what, plural) = kind == InventoryKind.Rule
            ? ($"Sieve script {first.SourceKey}", "Sieve scripts")
            : ($"Item {first.SourceKey} in {DisplayFolder(first.FolderPath)}", "items");
        var others = failed.Count > 1 ? $" ({failed.Count - 1:N0} more {plural} failed too)" : "";
        throw new MoveStallException(
            $"{what} could not be moved after {first.Attempts} attempts: {first.LastError?.TrimEnd('.')}{others}. " +
            "Skip it to move on without it, Force Complete to finish without the remaining items, or Retry after fixing the cause.");
    }

    /// <summary>A retry, by an admin or by the deferred re-examination, gives every failed item a fresh set of attempts.</summary>
    public static async Task RearmFailedItemsAsync(this MoveCenterDbContext db, Guid moveId, CancellationToken cancellationToken)
    {
        var failed = await db.InventoryItems.Where(i => i.MoveId == moveId && i.State == InventoryState.Failed).ToListAsync(cancellationToken);
        foreach (var item in failed) item.Rearm();
    }

    public static string DisplayFolder(string storedPath) => storedPath.Length == 0 ? "Inbox" : storedPath;
}
