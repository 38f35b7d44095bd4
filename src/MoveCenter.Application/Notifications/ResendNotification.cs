using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>An admin sends a message again that failed for good (the SMTP server's cause removed): it is due at once, with a fresh set of attempts.</summary>
public sealed class ResendNotificationHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, AuditTrail audit, TimeProvider clock)
{
    public async Task HandleAsync(long id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var message = await db.NotificationOutbox.SingleOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no notification {id}.");
        if (message.State != OutboxState.Failed)
            throw RequestRejectedException.Conflict($"Notification {id} is {message.State}; only a failed one can be sent again.");
        message.State = OutboxState.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(db, actor, AuditActions.NotificationResend, $"notification {id}", $"{message.Kind} to {message.To}: {message.Subject}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
