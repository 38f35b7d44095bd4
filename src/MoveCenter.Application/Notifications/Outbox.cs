using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>Writes notifications into the outbox, each once: rendered now, sent later by <see cref="OutboxSender"/>.</summary>
public static class Outbox
{
    /// <summary>The row for one event of one thing; off (kept, never sent) when its kind is switched off or it has nobody to go to.</summary>
    public static OutboxMessage Compose(
        NotificationTemplate template, NotificationSettings settings, string aboutId, string eventKey, long? moveEventId,
        IReadOnlyList<string> to, string nobodyReason, IReadOnlyDictionary<string, string> values, DateTime now)
    {
        var off = !template.Enabled ? "This kind of notification is switched off." : to.Count == 0 ? nobodyReason : null;
        return new OutboxMessage
        {
            Kind = template.Kind.ToString(),
            AboutId = aboutId,
            EventKey = eventKey,
            MoveEventId = moveEventId,
            To = string.Join("; ", to),
            Cc = template.CopyHelpdesk ? string.Join("; ", settings.HelpdeskAddresses) : "",
            Subject = Fit(NotificationText.Render(template.Subject, values), NotificationTemplateRow.SubjectMaxLength),
            Body = Fit(NotificationText.Render(template.Body, values), NotificationTemplateRow.BodyMaxLength * 2),
            State = off is null ? OutboxState.Pending : OutboxState.Off,
            LastError = off,
            CreatedAt = now,
            NextAttemptAt = now,
        };
    }

    /// <summary>
    /// Saves the rows of one event together. Another node may have recorded the same event a moment earlier: the unique
    /// index refuses the second copy, which is then dropped, so the event is told once.
    /// </summary>
    public static async Task RecordAsync(IDbContextFactory<MoveCenterDbContext> dbFactory, IReadOnlyList<OutboxMessage> messages, CancellationToken cancellationToken)
    {
        if (messages.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.NotificationOutbox.AddRange(messages);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Recorded by another node: nothing of this event is to be written twice.
            if (!await RecordedAsync(dbFactory, messages[0], cancellationToken)) throw;
        }
    }

    private static async Task<bool> RecordedAsync(IDbContextFactory<MoveCenterDbContext> dbFactory, OutboxMessage message, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.NotificationOutbox.AnyAsync(m => m.Kind == message.Kind && m.AboutId == message.AboutId && m.EventKey == message.EventKey, cancellationToken);
    }

    private static string Fit(string value, int maxLength) => value.Length <= maxLength ? value : value[..(maxLength - 1)] + "…";
}
