using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public enum MoveSortField
{
    LastActivity,
    Created,
    User,
    Status,
    Progress,
}

/// <param name="User">A user id or display name; '*' and '?' are wildcards, as in the Move User Status utility's filter.</param>
public sealed record ListMovesQuery(
    MoveStatus? Status = null,
    string? User = null,
    string? PostOffice = null,
    int Skip = 0,
    int Take = 50,
    MoveSortField SortBy = MoveSortField.LastActivity,
    bool Descending = true,
    bool IncludeCleared = false);

public sealed class ListMovesHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<MovePage> HandleAsync(ListMovesQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var moves = db.Moves.AsNoTracking();
        if (!query.IncludeCleared) moves = moves.Where(m => !m.Cleared);
        if (query.Status is { } status) moves = moves.Where(m => m.Status == status);
        if (!string.IsNullOrWhiteSpace(query.User))
        {
            var pattern = ToLikePattern(query.User.Trim());
            moves = moves.Where(m => EF.Functions.Like(m.UserId, pattern, LikePatterns.EscapeCharacter)
                || db.DirectoryUsers.Any(u => u.UserId == m.UserId && EF.Functions.Like(u.DisplayName, pattern, LikePatterns.EscapeCharacter)));
        }
        if (!string.IsNullOrWhiteSpace(query.PostOffice))
        {
            var postOffice = query.PostOffice.Trim();
            moves = moves.Where(m => db.PostOffices.Any(p => p.Name == postOffice
                && (p.Id == m.SourcePostOfficeId || p.Id == m.TargetPostOfficeId)));
        }

        var total = await moves.CountAsync(cancellationToken);
        var page = await db.Summaries(Sort(moves, query))
            .Skip(Math.Max(0, query.Skip))
            .Take(Math.Clamp(query.Take, 1, MaxPageSize))
            .ToListAsync(cancellationToken);
        return new MovePage(page, total);
    }

    public async Task<IReadOnlyDictionary<MoveStatus, int>> CountByStatusAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Moves.AsNoTracking().Where(m => !m.Cleared)
            .GroupBy(m => m.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
    }

    private static IQueryable<Move> Sort(IQueryable<Move> moves, ListMovesQuery query) => (query.SortBy, query.Descending) switch
    {
        (MoveSortField.Created, false) => moves.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id),
        (MoveSortField.Created, true) => moves.OrderByDescending(m => m.CreatedAt).ThenBy(m => m.Id),
        (MoveSortField.User, false) => moves.OrderBy(m => m.UserId).ThenBy(m => m.Id),
        (MoveSortField.User, true) => moves.OrderByDescending(m => m.UserId).ThenBy(m => m.Id),
        (MoveSortField.Status, false) => moves.OrderBy(m => m.Status).ThenByDescending(m => m.LastActivityAt),
        (MoveSortField.Status, true) => moves.OrderByDescending(m => m.Status).ThenByDescending(m => m.LastActivityAt),
        (MoveSortField.Progress, false) => moves.OrderBy(m => m.BytesTotal == 0 ? 0 : (double)m.BytesMoved / m.BytesTotal).ThenBy(m => m.Id),
        (MoveSortField.Progress, true) => moves.OrderByDescending(m => m.BytesTotal == 0 ? 0 : (double)m.BytesMoved / m.BytesTotal).ThenBy(m => m.Id),
        (_, false) => moves.OrderBy(m => m.LastActivityAt).ThenBy(m => m.Id),
        _ => moves.OrderByDescending(m => m.LastActivityAt).ThenBy(m => m.Id),
    };

    private static string ToLikePattern(string filter) =>
        filter.Contains('*') || filter.Contains('?')
            ? LikePatterns.Escape(filter).Replace('*', '%').Replace('?', '_')
            : LikePatterns.Contains(filter);
}
