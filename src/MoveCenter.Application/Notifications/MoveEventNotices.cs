using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// Turns the moves' history into notifications: a move queued, stalled, completed or failed. The history is written by
/// the engine in the same save as the status change, so reading it here costs the move nothing and misses no change,
/// whichever node made it; each node reads it with its own cursor, and the outbox's unique index keeps one copy.
/// </summary>
public sealed class MoveEventNotices(IDbContextFactory<MoveCenterDbContext> dbFactory, TimeProvider clock)
{
    private static readonly MoveEventKind[] Told = [MoveEventKind.Queued, MoveEventKind.Stalled, MoveEventKind.Completed, MoveEventKind.Failed];

    private ChangeFeedCursor? _cursor;

    public async Task RecordAsync(NotificationSettings settings, IReadOnlyList<NotificationTemplate> templates, DateTime since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        _cursor ??= await StartAsync(db, since, cancellationToken);
        var (last, missing) = (_cursor.Last, _cursor.Missing);
        var read = await db.MoveEvents.AsNoTracking().Where(e => e.Id > last || missing.Contains(e.Id)).OrderBy(e => e.Id).Take(1000)
            .Select(e => new { e.Id, e.MoveId, e.Kind, e.At, Message = Told.Contains(e.Kind) ? e.Message : null })
            .ToListAsync(cancellationToken);
        var events = read.Where(e => Told.Contains(e.Kind) && e.At >= since).ToList();
        var eventIds = events.Select(e => (long?)e.Id).ToList();
        var recorded = (await db.NotificationOutbox.Where(m => eventIds.Contains(m.MoveEventId)).Select(m => m.MoveEventId).ToListAsync(cancellationToken)).ToHashSet();
        foreach (var e in events.Where(e => !recorded.Contains(e.Id)))
            await Outbox.RecordAsync(dbFactory, await ComposeAsync(db, settings, templates, e.Id, e.MoveId, e.Kind, e.At, e.Message ?? "", cancellationToken), cancellationToken);
        _cursor.Advance(read.Select(e => e.Id), clock.GetUtcNow().UtcDateTime);
    }

    /// <summary>
    /// Where the outbox stands; on the first start of notifications, before the first event still to be told, so that a
    /// move queued while the node was starting is not passed over.
    /// </summary>
    private static async Task<ChangeFeedCursor> StartAsync(MoveCenterDbContext db, DateTime since, CancellationToken cancellationToken)
    {
        if (await db.NotificationOutbox.MaxAsync(m => m.MoveEventId, cancellationToken) is { } recorded) return new ChangeFeedCursor(recorded);
        var first = await db.MoveEvents.Where(e => e.At >= since).MinAsync(e => (long?)e.Id, cancellationToken);
        return new ChangeFeedCursor(first is { } id ? id - 1 : await db.MoveEvents.MaxAsync(e => (long?)e.Id, cancellationToken) ?? 0);
    }

    private async Task<List<OutboxMessage>> ComposeAsync(
        MoveCenterDbContext db, NotificationSettings settings, IReadOnlyList<NotificationTemplate> templates,
        long eventId, Guid moveId, MoveEventKind kind, DateTime at, string message, CancellationToken cancellationToken)
    {
        var move = await db.Moves.AsNoTracking().SingleAsync(m => m.Id == moveId, cancellationToken);
        var user = await db.DirectoryUsers.AsNoTracking().Where(u => u.UserId == move.UserId)
            .Select(u => new { u.DisplayName, u.Email }).SingleOrDefaultAsync(cancellationToken);
        var postOffices = await db.PostOffices.AsNoTracking().Where(p => p.Id == move.SourcePostOfficeId || p.Id == move.TargetPostOfficeId)
            .ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var values = new Dictionary<string, string>
        {
            ["UserId"] = move.UserId,
            ["DisplayName"] = string.IsNullOrEmpty(user?.DisplayName) ? move.UserId : user.DisplayName,
            ["MoveId"] = $"{move.Id}",
            ["SourcePostOffice"] = postOffices.GetValueOrDefault(move.SourcePostOfficeId, "?"),
            ["TargetPostOffice"] = postOffices.GetValueOrDefault(move.TargetPostOfficeId, "?"),
            ["Status"] = StatusOf(kind),
            ["Reason"] = message,
            ["PlannedAt"] = NotificationText.Time(move.Status == MoveStatus.Queued && move.NotBefore is { } planned ? planned : at),
            ["Moved"] = $"{move.ItemsMoved}",
            ["Skipped"] = $"{move.ItemsSkipped}",
            ["WhomToCall"] = settings.WhomToCall,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        IReadOnlyList<string> person = string.IsNullOrEmpty(user?.Email) ? [] : [user.Email];
        var noEmail = $"{move.UserId} has no e-mail address in the directory.";
        const string noAdmins = "No admin addresses are set.";
        return [.. KindsOf(kind).Select(k =>
        {
            var admins = NotificationKinds.Of(k).Audience == NotificationAudience.Admins;
            return Outbox.Compose(templates.Single(t => t.Kind == k), settings, $"{move.Id}", $"event-{eventId}", eventId,
                admins ? settings.AdminAddresses : person, admins ? noAdmins : noEmail, values, now);
        })];
    }

    private static NotificationKind[] KindsOf(MoveEventKind kind) => kind switch
    {
        MoveEventKind.Queued => [NotificationKind.UserMoveScheduled],
        MoveEventKind.Stalled => [NotificationKind.AdminMoveStalled],
        MoveEventKind.Completed => [NotificationKind.UserMoveFinished],
        MoveEventKind.Failed => [NotificationKind.AdminMoveFailed, NotificationKind.UserMoveFailed],
        _ => [],
    };

    private static string StatusOf(MoveEventKind kind) => kind switch
    {
        MoveEventKind.Stalled => nameof(MoveStatus.Stalled),
        MoveEventKind.Completed => nameof(MoveStatus.Completed),
        MoveEventKind.Failed => nameof(MoveStatus.Failed),
        _ => nameof(MoveStatus.Queued),
    };
}
