using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>Which moves a node may work on: none of the move's two post offices is pinned to another site than the node's.</summary>
public static class SitePinning
{
    public static IQueryable<Move> WorkableAt(this IQueryable<Move> moves, MoveCenterDbContext db, string? site) =>
        moves.Where(m => !db.PostOffices.Any(p => (p.Id == m.SourcePostOfficeId || p.Id == m.TargetPostOfficeId)
            && p.Site != null && p.Site != site));

    /// <summary>The site a move's post offices pin it to, or null when it may run anywhere.</summary>
    public static Task<string?> PinnedSiteAsync(this MoveCenterDbContext db, int sourcePostOfficeId, int targetPostOfficeId,
        CancellationToken cancellationToken) =>
        db.PostOffices.Where(p => (p.Id == sourcePostOfficeId || p.Id == targetPostOfficeId) && p.Site != null)
            .Select(p => p.Site)
            .FirstOrDefaultAsync(cancellationToken);
}
