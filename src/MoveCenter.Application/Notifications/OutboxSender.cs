using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// Sends the outbox's due messages. A conditional update lets one node at a time send each message; a message the
/// server did not take is tried again later, each wait twice the last, and after the last attempt waits for an admin.
/// </summary>
public sealed class OutboxSender(
    IDbContextFactory<MoveCenterDbContext> dbFactory, SmtpMailer mailer, IOptions<NotificationOptions> options, TimeProvider clock,
    ILogger<OutboxSender> logger)
{
    /// <summary>Longer than the mailer's timeout: a node still at a message keeps others from sending it too.</summary>
    private static readonly TimeSpan Claim = TimeSpan.FromMinutes(5);

    public async Task SendDueAsync(NotificationSettings settings, CancellationToken cancellationToken)
    {
        List<long> due;
        var now = Now;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            due = await db.NotificationOutbox.AsNoTracking().Where(m => m.State == OutboxState.Pending && m.NextAttemptAt <= now)
                .OrderBy(m => m.Id).Select(m => m.Id).Take(50).ToListAsync(cancellationToken);
        foreach (var id in due)
            // The server refuses or cannot be reached: the rest waits for the next round rather than fail the same way.
            if (!await TrySendAsync(settings, id, cancellationToken)) return;
    }

    /// <returns>false when the server did not take the message.</returns>
    private async Task<bool> TrySendAsync(NotificationSettings settings, long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var claimed = await db.NotificationOutbox.Where(m => m.Id == id && m.State == OutboxState.Pending && m.NextAttemptAt <= now)
            .ExecuteUpdateAsync(s => s.SetProperty(m => m.NextAttemptAt, now + Claim), cancellationToken);
        if (claimed == 0) return true;
        var message = await db.NotificationOutbox.SingleAsync(m => m.Id == id, cancellationToken);
        var error = await mailer.SendAsync(settings, message, cancellationToken);
        message.Attempts++;
        if (error is null)
        {
            message.State = OutboxState.Sent;
            message.SentAt = Now;
            logger.LogInformation("Notification {Kind} {MessageId} sent to {To}", message.Kind, message.Id, message.To);
        }
        else
        {
            message.LastError = error.Length <= OutboxMessage.ErrorMaxLength ? error : error[..OutboxMessage.ErrorMaxLength];
            if (message.Attempts >= options.Value.MaxAttempts) message.State = OutboxState.Failed;
            else message.NextAttemptAt = Now + Backoff(message.Attempts);
            logger.LogWarning("Notification {Kind} {MessageId} not sent (attempt {Attempt}): {Error}", message.Kind, message.Id, message.Attempts, error);
        }
        await db.SaveChangesAsync(cancellationToken);
        return error is null;
    }

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var doubled = o.FirstRetryInterval * Math.Pow(2, Math.Min(attempts - 1, 20));
        return doubled < o.MaxRetryInterval ? doubled : o.MaxRetryInterval;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
