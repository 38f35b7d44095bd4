using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Audit;

/// <summary>
/// Filters of the audit trail. <c>Actor</c> matches part of the name; <c>Action</c> matches an action ("move.retry")
/// or every action on a kind of thing ("move"); <c>From</c> is inclusive and <c>To</c> exclusive, both UTC.
/// </summary>
public sealed record AuditQuery(string? Actor = null, string? Action = null, DateTime? From = null, DateTime? To = null, int Skip = 0, int Take = 50);

public sealed record AuditItem(long Id, DateTime At, string Actor, string Action, string Target, string? Details);

public sealed record AuditEntriesPage(IReadOnlyList<AuditItem> Items, int Total);

public sealed class ListAuditEntriesHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public const int MaxPageSize = 500;

    public async Task<AuditEntriesPage> HandleAsync(AuditQuery query, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var matching = Filter(db, query);
        var total = await matching.CountAsync(cancellationToken);
        var items = await Project(matching).Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        return new AuditEntriesPage(items, total);
    }

    /// <summary>Every entry that matches, newest first, read as it is written out (for the CSV export, which is not paged).</summary>
    public async IAsyncEnumerable<AuditItem> StreamAsync(AuditQuery query, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await foreach (var item in Project(Filter(db, query)).AsAsyncEnumerable().WithCancellation(cancellationToken))
            yield return item;
    }

    private static IQueryable<AuditEntry> Filter(MoveCenterDbContext db, AuditQuery query)
    {
        var entries = db.AuditEntries.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Actor))
            entries = entries.Where(e => EF.Functions.Like(e.Actor, LikePatterns.Contains(query.Actor.Trim()), LikePatterns.EscapeCharacter));
        if (!string.IsNullOrWhiteSpace(query.Action))
        {
            var action = query.Action.Trim();
            var kind = LikePatterns.Escape(action) + ".%";
            entries = entries.Where(e => e.Action == action || EF.Functions.Like(e.Action, kind, LikePatterns.EscapeCharacter));
        }
        if (query.From?.ToUniversalTime() is { } from) entries = entries.Where(e => e.At >= from);
        if (query.To?.ToUniversalTime() is { } to) entries = entries.Where(e => e.At < to);
        return entries;
    }

    // The id breaks ties between entries of the same instant and follows the order they were written in.
    private static IQueryable<AuditItem> Project(IQueryable<AuditEntry> entries) => entries
        .OrderByDescending(e => e.At).ThenByDescending(e => e.Id)
        .Select(e => new AuditItem(e.Id, e.At, e.Actor, e.Action, e.Target, e.Details));
}
