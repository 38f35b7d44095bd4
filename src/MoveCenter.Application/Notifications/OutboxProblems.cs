using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>A message the SMTP server has not taken (yet), with its words, as admins see it on the Notifications page.</summary>
public sealed record OutboxProblem(
    long Id, string Kind, string To, string Subject, OutboxState State, int Attempts, string? LastError, DateTime CreatedAt, DateTime? NextAttemptAt);

/// <summary>Messages that failed for good, and those still being retried after a failed attempt, newest first.</summary>
public sealed class OutboxProblemsHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<IReadOnlyList<OutboxProblem>> HandleAsync(int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationOutbox.AsNoTracking()
            .Where(m => m.State == OutboxState.Failed || (m.State == OutboxState.Pending && m.Attempts > 0))
            .OrderByDescending(m => m.Id).Take(take)
            .Select(m => new OutboxProblem(m.Id, m.Kind, m.To, m.Subject, m.State, m.Attempts, m.LastError, m.CreatedAt,
                m.State == OutboxState.Pending ? m.NextAttemptAt : null))
            .ToListAsync(cancellationToken);
    }
}
