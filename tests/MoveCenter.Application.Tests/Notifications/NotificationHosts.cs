using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Persistence.Notifications;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>A test host whose notifications go to a real SMTP server, with waits short enough for a test.</summary>
internal static class NotificationHosts
{
    public const string Admins = "admins@dom1.example";
    public const string From = "movecenter@dom1.example";

    public static HostSettings Settings(SmtpServer smtp) => new()
    {
        Configuration = new Dictionary<string, string?>
        {
            ["MoveCenter:Notifications:Enabled"] = "true",
            ["MoveCenter:Notifications:SmtpHost"] = smtp.Host,
            ["MoveCenter:Notifications:SmtpPort"] = $"{smtp.Port}",
            ["MoveCenter:Notifications:SmtpSecurity"] = "none",
            ["MoveCenter:Notifications:FromAddress"] = From,
            ["MoveCenter:Notifications:AdminAddresses"] = Admins,
            ["MoveCenter:Notifications:WhomToCall"] = "the helpdesk at 555-0100",
            ["MoveCenter:Notifications:PollInterval"] = "00:00:00.200",
            ["MoveCenter:Notifications:FirstRetryInterval"] = "00:00:00.200",
            ["MoveCenter:Notifications:MaxRetryInterval"] = "00:00:01",
            ["MoveCenter:Notifications:MaxAttempts"] = "1000",
            // An hour ahead, the last daily summary was due 23 hours ago, before the host started: none is sent in a test unless it asks.
            ["MoveCenter:Notifications:DailySummaryAt"] = $"{DateTime.UtcNow.AddHours(1):HH:mm:ss}",
        },
    };

    /// <summary>The outbox row of one kind about one move, once it satisfies <paramref name="condition"/>.</summary>
    public static Task<OutboxMessage?> WaitForOutboxAsync(MoveCenterHost host, Guid moveId, NotificationKind kind, Func<OutboxMessage, bool> condition, string what) =>
        Eventually.UntilAsync(async () =>
        {
            await using var db = await host.DbAsync();
            return await db.NotificationOutbox.AsNoTracking()
                .SingleOrDefaultAsync(m => m.AboutId == $"{moveId}" && m.Kind == kind.ToString(), TestContext.Current.CancellationToken);
        }, m => m is not null && condition(m), what);

    /// <summary>The settings as they stand, with the given changes, as the settings page would send them.</summary>
    public static async Task<SaveNotificationSettingsRequest> CurrentRequestAsync(MoveCenterHost host, Func<NotificationTemplate, NotificationTemplate>? edit = null)
    {
        var store = host.Services.GetRequiredService<NotificationSettingsStore>();
        var ct = TestContext.Current.CancellationToken;
        var s = await store.SettingsAsync(ct);
        var templates = (await store.TemplatesAsync(ct)).Select(edit ?? (t => t))
            .Select(t => new NotificationTemplateRequest(t.Kind.ToString(), t.Enabled, t.CopyHelpdesk, t.Subject, t.Body)).ToList();
        return new SaveNotificationSettingsRequest(s.Enabled, s.SmtpHost, s.SmtpPort, s.SmtpSecurity, s.SmtpUser, null, s.FromAddress,
            string.Join("; ", s.AdminAddresses), string.Join("; ", s.HelpdeskAddresses), s.WhomToCall, templates);
    }
}
