using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed class GetMoveDetailsHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<MoveDetails?> HandleAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var summary = await db.FindSummaryAsync(moveId, cancellationToken);
        if (summary is null) return null;
        var settings = await db.Moves.AsNoTracking().Where(m => m.Id == moveId)
            .Select(m => new { m.Options.BadItemLimit, m.Options.PurgeMode, m.Options, m.RequestedBy })
            .SingleAsync(cancellationToken);
        var history = await db.HistoryAfterAsync(moveId, 0, cancellationToken);
        var (progress, lastSample) = await db.ProgressAfterAsync(moveId, 0, cancellationToken);
        var inventory = await db.InventoryBreakdownAsync(moveId, cancellationToken);
        return new MoveDetails(summary, settings.BadItemLimit, settings.PurgeMode, settings.RequestedBy, history, progress, inventory)
        {
            Options = settings.Options,
            Cleanup = await db.ForMoveAsync(moveId, cancellationToken),
            ReadUpTo = new MoveDetailsCursor(history.Count == 0 ? 0 : history[^1].Id, lastSample, InventoryStamp.Of(summary)),
        };
    }
}
