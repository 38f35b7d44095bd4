using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed record MoveLogLine(DateTime At, string Level, string Message, string? Exception, string? Source);

public sealed record MoveLogPage(IReadOnlyList<MoveLogLine> Lines, int TotalCount);

/// <summary>The log lines of one move, newest first, optionally only those containing a text: a POA log filtered by user.</summary>
public sealed class MoveLogHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<MoveLogPage> HandleAsync(Guid moveId, string? search, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Moves.AnyAsync(m => m.Id == moveId, cancellationToken))
            throw RequestRejectedException.NotFound($"There is no move with id {moveId}.");
        var lines = db.MoveLogEntries.AsNoTracking().Where(e => e.MoveId == moveId);
        if (!string.IsNullOrWhiteSpace(search))
        {
            var pattern = LikePatterns.Contains(search.Trim());
            lines = lines.Where(e => EF.Functions.Like(e.Message, pattern, LikePatterns.EscapeCharacter)
                || (e.Exception != null && EF.Functions.Like(e.Exception, pattern, LikePatterns.EscapeCharacter)));
        }
        var total = await lines.CountAsync(cancellationToken);
        var page = await lines.OrderByDescending(e => e.Id)
            .Skip(Math.Max(0, skip))
            .Take(Math.Clamp(take, 1, 1000))
            .Select(e => new MoveLogLine(e.At, e.Level, e.Message, e.Exception, e.Source))
            .ToListAsync(cancellationToken);
        return new MoveLogPage(page, total);
    }
}
