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
            .Select(m => new { m.Options.BadItemLimit, m.Options.PurgeMode, m.RequestedBy })
            .SingleAsync(cancellationToken);
        var history = await db.MoveEvents.AsNoTracking()
            .Where(e => e.MoveId == moveId)
            .OrderBy(e => e.Id)
            .Select(e => new MoveHistoryEntry(e.Id, e.At, e.Kind, e.Message, e.Actor))
            .ToListAsync(cancellationToken);
        return new MoveDetails(summary, settings.BadItemLimit, settings.PurgeMode, settings.RequestedBy, history);
    }
}
