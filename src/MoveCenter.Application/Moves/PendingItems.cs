using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed record PendingItem(
    long Id, string Kind, string Folder, string SourceKey, string? Subject, string? From, long Size, DateTime? Date,
    string State, int Attempts, string? LastError);

public sealed record PendingItemsPage(IReadOnlyList<PendingItem> Items, int TotalCount);

/// <summary>Pending Items: what is not at the target yet, paged, with no 25-item limit.</summary>
public sealed class PendingItemsHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<PendingItemsPage?> HandleAsync(Guid moveId, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Moves.AnyAsync(m => m.Id == moveId, cancellationToken)) return null;
        var pending = db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId && (i.State == InventoryState.Pending || i.State == InventoryState.Failed));
        var total = await pending.CountAsync(cancellationToken);
        var items = await pending
            .OrderByDescending(i => i.State == InventoryState.Failed)
            .ThenBy(i => i.Sequence)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 1000))
            .Select(i => new PendingItem(i.Id, i.Kind.ToString(), i.FolderPath == "" ? "Inbox" : i.FolderPath, i.SourceKey, i.Subject, i.Sender, i.Size,
                i.InternalDate, i.State.ToString(), i.Attempts, i.LastError))
            .ToListAsync(cancellationToken);
        return new PendingItemsPage(items, total);
    }
}
