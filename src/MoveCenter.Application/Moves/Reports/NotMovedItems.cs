using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Reports;

/// <summary>The items a move left behind, a page at a time, as the move page's table asks for them.</summary>
public sealed class NotMovedItemsHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public const int MaxPageSize = 1000;

    public async Task<NotMovedItemsPage> HandleAsync(Guid moveId, int skip, int take, bool showMail, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.PageAsync(moveId, skip, Math.Clamp(take, 1, MaxPageSize), showMail, cancellationToken);
    }
}
