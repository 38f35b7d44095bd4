using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Reports;

/// <summary>The categories first, with counts and fixes, then the items of a page: what the move page shows.</summary>
public sealed record NotMovedSummary(IReadOnlyList<NotMovedCategoryView> Categories, int TotalCount);

public sealed class NotMovedSummaryHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options)
{
    public async Task<NotMovedSummary> HandleAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var categories = await db.Of(moveId).CategoriesAsync( options.Value.LargeItemLimit, cancellationToken);
        return new NotMovedSummary(categories, categories.Sum(c => c.Count));
    }
}
