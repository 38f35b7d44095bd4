using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Reports;

/// <summary>How many items of one category a move left behind, as the batch report lists them.</summary>
public sealed record NotMovedCount(NotMovedCategory Category, string Name, int Count);

/// <summary>One category of items left behind: how many, how big, and what fixes them.</summary>
public sealed record NotMovedCategoryView(NotMovedCategory Category, string Name, int Count, long Bytes, string Fix);

/// <param name="Subject">Admins only: null for everyone else.</param>
/// <param name="Folder">Admins only, as the helpdesk view hides folders.</param>
/// <param name="ServerWords">The refusing server's response, word for word; admins only.</param>
/// <param name="Reason">How MoveCenter recorded it; admins only, as it may quote the server.</param>
public sealed record NotMovedItem(
    long Id, string Kind, string? Folder, DateTime? Date, long Size, string? Subject, NotMovedCategory Category, string State,
    string? SkippedBy, bool ChosenByAdmin, string? ServerWords, string? Reason);

public sealed record NotMovedItemsPage(IReadOnlyList<NotMovedItem> Items, int TotalCount);

/// <summary>What a move left behind (skipped or failed items), read by the move page, the report and the grade.</summary>
internal static class NotMovedQueries
{
    /// <summary>Every item that any move left behind.</summary>
    public static IQueryable<InventoryItem> NotMoved(this MoveCenterDbContext db) =>
        db.InventoryItems.AsNoTracking().Where(i => i.State == InventoryState.Skipped || i.State == InventoryState.Failed);

    public static IQueryable<InventoryItem> Of(this MoveCenterDbContext db, Guid moveId) => db.NotMoved().Where(i => i.MoveId == moveId);

    /// <summary>Categories of <paramref name="items"/> with their counts, the most items first, each with its fix.</summary>
    public static async Task<IReadOnlyList<NotMovedCategoryView>> CategoriesAsync(
        this IQueryable<InventoryItem> items, long largeItemLimit, CancellationToken cancellationToken)
    {
        var groups = await items
            .GroupBy(i => i.Category ?? NotMovedCategory.SkippedByAdmin)
            .Select(g => new { Category = g.Key, Count = g.Count(), Bytes = g.Sum(i => i.Size), Largest = g.Max(i => i.Size) })
            .ToListAsync(cancellationToken);
        return groups.OrderByDescending(g => g.Count).ThenBy(g => g.Category)
            .Select(g => new NotMovedCategoryView(g.Category, NotMovedFixes.Name(g.Category), g.Count, g.Bytes, NotMovedFixes.For(g.Category, g.Largest, largeItemLimit)))
            .ToList();
    }

    /// <summary>Each move's categories with their counts, the most items first, read for many moves at once.</summary>
    public static async Task<ILookup<Guid, NotMovedCount>> CountsAsync(this MoveCenterDbContext db, IQueryable<Guid> moveIds, CancellationToken cancellationToken)
    {
        var groups = await db.InventoryItems.AsNoTracking()
            .Where(i => moveIds.Contains(i.MoveId) && (i.State == InventoryState.Skipped || i.State == InventoryState.Failed))
            .GroupBy(i => new { i.MoveId, Category = i.Category ?? NotMovedCategory.SkippedByAdmin })
            .Select(g => new { g.Key.MoveId, g.Key.Category, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return groups.OrderByDescending(g => g.Count).ThenBy(g => g.Category)
            .ToLookup(g => g.MoveId, g => new NotMovedCount(g.Category, NotMovedFixes.Name(g.Category), g.Count));
    }

    /// <param name="showMail">Admins see folders, subjects and the servers' words; others see the rest.</param>
    public static async Task<NotMovedItemsPage> PageAsync(
        this MoveCenterDbContext db, Guid moveId, int skip, int take, bool showMail, CancellationToken cancellationToken)
    {
        var items = db.Of(moveId);
        var total = await items.CountAsync(cancellationToken);
        var rows = await items.OrderBy(i => i.Category).ThenBy(i => i.Sequence).Skip(Math.Max(0, skip)).Take(take).ToListAsync(cancellationToken);
        return new NotMovedItemsPage(rows.Select(i => View(i, showMail)).ToList(), total);
    }

    /// <summary>What the grade weighs: items and bytes no admin chose to leave behind, and those one did.</summary>
    public static async Task<LeftBehind> LeftBehindAsync(this MoveCenterDbContext db, Guid moveId, CancellationToken cancellationToken)
    {
        var groups = await db.Of(moveId)
            .GroupBy(i => i.SkipChosenByAdmin)
            .Select(g => new { Chosen = g.Key, Count = g.Count(), Bytes = g.Sum(i => i.Size) })
            .ToListAsync(cancellationToken);
        var unchosen = groups.SingleOrDefault(g => !g.Chosen);
        return new LeftBehind(unchosen?.Count ?? 0, unchosen?.Bytes ?? 0, groups.SingleOrDefault(g => g.Chosen)?.Count ?? 0);
    }

    private static NotMovedItem View(InventoryItem i, bool showMail) => new(
        i.Id, i.Kind.ToString(), showMail ? (i.FolderPath.Length == 0 ? "Inbox" : i.FolderPath) : null, i.InternalDate, i.Size,
        showMail ? i.Subject : null, i.Category ?? NotMovedCategory.SkippedByAdmin, i.State.ToString(), i.SkippedBy, i.SkipChosenByAdmin,
        showMail ? i.ServerWords : null, showMail ? i.LastError : null);
}
