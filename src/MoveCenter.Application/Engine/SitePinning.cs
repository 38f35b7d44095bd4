using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>Which moves a node may work on: none of the move's two post offices is pinned to another site than the node's.</summary>
public static class SitePinning
{
    public static IQueryable<Move> WorkableAt(this IQueryable<Move> moves, MoveCenterDbContext db, string? site) =>
        moves.Where(m => !db.PostOffices.Any(p => (p.Id == m.SourcePostOfficeId || p.Id == m.TargetPostOfficeId)
            && p.Site != null && p.Site != site));
}
