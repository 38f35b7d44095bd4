using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed record LookupMove(MoveSummary Summary, IReadOnlyList<MoveHistoryEntry> History);

public sealed record LookupPerson(DirectoryUserSummary User, IReadOnlyList<LookupMove> Moves);

/// <summary>
/// The Lookup page's search: the people matching a text and each one's latest moves with their history, in the same
/// three queries however many people match and however many moves anyone has.
/// </summary>
public sealed class LookupMovesHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public const int MaxPeople = 10;
    public const int MovesPerPerson = 5;

    public async Task<IReadOnlyList<LookupPerson>> HandleAsync(string search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var people = await db.SearchUsers(search).Take(MaxPeople).ToListAsync(cancellationToken);
        var userIds = people.Select(p => p.UserId).ToList();
        var latest = from user in db.DirectoryUsers
                     where userIds.Contains(user.UserId)
                     from move in db.Moves.AsNoTracking().Where(m => m.UserId == user.UserId).OrderByDescending(m => m.CreatedAt).Take(MovesPerPerson)
                     select move;
        var moves = await db.Summaries(latest).ToListAsync(cancellationToken);
        var moveIds = moves.Select(m => m.Id).ToList();
        var history = (await db.MoveEvents.AsNoTracking()
                .Where(e => moveIds.Contains(e.MoveId))
                .OrderBy(e => e.Id)
                .Select(e => new { e.MoveId, Entry = new MoveHistoryEntry(e.Id, e.At, e.Kind, e.Message, e.Actor) })
                .ToListAsync(cancellationToken))
            .ToLookup(e => e.MoveId, e => e.Entry);
        var byUser = moves.OrderByDescending(m => m.CreatedAt)
            .Select(m => new LookupMove(m, history[m.Id].ToList()))
            .ToLookup(m => m.Summary.UserId);
        return people.Select(p => new LookupPerson(p, byUser[p.UserId].ToList())).ToList();
    }
}
