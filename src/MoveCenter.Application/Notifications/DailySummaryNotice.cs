using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Notifications;

/// <summary>Once a day, at <see cref="NotificationOptions.DailySummaryAt"/> (UTC), tells the admins how the last 24 hours went and what waits for them.</summary>
public sealed class DailySummaryNotice(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<NotificationOptions> options, TimeProvider clock)
{
    private const int ListedMoves = 20;

    public async Task RecordAsync(NotificationSettings settings, IReadOnlyList<NotificationTemplate> templates, DateTime since, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var due = now.Date + options.Value.DailySummaryAt;
        if (due > now) due -= TimeSpan.FromDays(1);
        if (due < since) return;
        var date = $"{due:yyyy-MM-dd}";
        var kind = nameof(NotificationKind.AdminDailySummary);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await db.NotificationOutbox.AnyAsync(m => m.Kind == kind && m.AboutId == date, cancellationToken)) return;

        var from = due - TimeSpan.FromDays(1);
        var finished = await db.Moves.AsNoTracking().Where(m => m.FinishedAt >= from && m.FinishedAt < due)
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var current = await db.Moves.AsNoTracking().Where(m => !m.Cleared && (m.Status == MoveStatus.Stalled || m.Status == MoveStatus.Running || m.Status == MoveStatus.Queued))
            .GroupBy(m => m.Status).Select(g => new { Status = g.Key, Count = g.Count() }).ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
        var stalled = await db.Moves.AsNoTracking().Where(m => !m.Cleared && m.Status == MoveStatus.Stalled).OrderBy(m => m.UserId).Take(ListedMoves)
            .Select(m => new { m.UserId, m.WaitReason }).ToListAsync(cancellationToken);
        var failed = await db.Moves.AsNoTracking().Where(m => m.Status == MoveStatus.Failed && m.FinishedAt >= from && m.FinishedAt < due).OrderBy(m => m.UserId)
            .Take(ListedMoves).Select(m => new { m.UserId, m.LastError }).ToListAsync(cancellationToken);
        var lines = stalled.Select(m => $"Stalled: {m.UserId}: {m.WaitReason}").Concat(failed.Select(m => $"Failed: {m.UserId}: {m.LastError}")).ToList();
        var values = new Dictionary<string, string>
        {
            ["Date"] = date,
            ["Completed"] = $"{finished.GetValueOrDefault(MoveStatus.Completed)}",
            ["Failed"] = $"{finished.GetValueOrDefault(MoveStatus.Failed)}",
            ["Stalled"] = $"{current.GetValueOrDefault(MoveStatus.Stalled)}",
            ["Running"] = $"{current.GetValueOrDefault(MoveStatus.Running)}",
            ["Queued"] = $"{current.GetValueOrDefault(MoveStatus.Queued)}",
            ["Summary"] = lines.Count == 0 ? "Nothing waits for an admin." : string.Join("\n", lines),
        };
        await Outbox.RecordAsync(dbFactory, [Outbox.Compose(templates.Single(t => t.Kind == NotificationKind.AdminDailySummary), settings, date, "daily", null,
            settings.AdminAddresses, "No admin addresses are set.", values, now)], cancellationToken);
    }
}
