using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// Tells the admins when the last move of a batch has finished. A batch has no status of its own, so "finished" is read
/// from its moves; a batch whose failed moves are retried and finish again is told again, once per finish.
/// </summary>
public sealed class BatchFinishedNotices(IDbContextFactory<MoveCenterDbContext> dbFactory, TimeProvider clock)
{
    public async Task RecordAsync(NotificationSettings settings, IReadOnlyList<NotificationTemplate> templates, DateTime since, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var recent = await db.Moves.AsNoTracking().Where(m => m.BatchId != null && m.FinishedAt >= since)
            .Select(m => m.BatchId!.Value).Distinct().ToListAsync(cancellationToken);
        var template = templates.Single(t => t.Kind == NotificationKind.AdminBatchFinished);
        foreach (var batchId in recent)
        {
            var moves = await db.Moves.AsNoTracking().Where(m => m.BatchId == batchId)
                .Select(m => new { m.Status, m.FinishedAt }).ToListAsync(cancellationToken);
            if (moves.Any(m => !m.Status.IsTerminal())) continue;
            var eventKey = $"finished-{moves.Max(m => m.FinishedAt)!.Value.Ticks}";
            var kind = template.Kind.ToString();
            if (await db.NotificationOutbox.AnyAsync(m => m.Kind == kind && m.AboutId == $"{batchId}" && m.EventKey == eventKey, cancellationToken)) continue;
            var name = await db.Batches.Where(b => b.Id == batchId).Select(b => b.Name).SingleAsync(cancellationToken);
            var values = new Dictionary<string, string>
            {
                ["BatchName"] = name,
                ["BatchId"] = $"{batchId}",
                ["Total"] = $"{moves.Count}",
                ["Completed"] = $"{moves.Count(m => m.Status == MoveStatus.Completed)}",
                ["Failed"] = $"{moves.Count(m => m.Status == MoveStatus.Failed)}",
                ["Cancelled"] = $"{moves.Count(m => m.Status == MoveStatus.Cancelled)}",
            };
            await Outbox.RecordAsync(dbFactory, [Outbox.Compose(template, settings, $"{batchId}", eventKey, null,
                settings.AdminAddresses, "No admin addresses are set.", values, clock.GetUtcNow().UtcDateTime)], cancellationToken);
        }
    }
}
