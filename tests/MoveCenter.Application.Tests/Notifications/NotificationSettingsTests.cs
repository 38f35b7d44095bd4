using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Persistence.Notifications;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>The Notifications settings as an admin saves them: kept in the database, the SMTP password encrypted, bad input refused by field.</summary>
public sealed class NotificationSettingsTests : IDisposable
{
    private const string Password = "Smtp-Pa55word-of-the-test";

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task The_smtp_password_is_stored_encrypted_and_read_back_for_sending()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync(running: false);
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp), startEngine: false);
        var request = await NotificationHosts.CurrentRequestAsync(host) with { SmtpUser = "relay-user", SmtpPassword = Password };
        await host.Services.GetRequiredService<SaveNotificationSettingsHandler>().HandleAsync(request, MoveCenterHost.Actor, ct);

        await using var db = await host.DbAsync();
        var row = await db.NotificationSettings.AsNoTracking().SingleAsync(ct);
        Assert.NotNull(row.SmtpPasswordProtected);
        Assert.DoesNotContain(Password, row.SmtpPasswordProtected);
        // The bytes of the whole database (and its write-ahead log), not only the column the code writes: the clear text is nowhere at rest.
        foreach (var file in new[] { _data.DatabaseFile, _data.DatabaseFile + "-wal" }.Where(File.Exists))
            Assert.DoesNotContain(Password, System.Text.Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file, ct)));
        var settings = await host.Services.GetRequiredService<NotificationSettingsStore>().SettingsAsync(ct);
        Assert.Equal(("relay-user", Password), (settings.SmtpUser, settings.SmtpPassword));
        var audit = await db.AuditEntries.AsNoTracking().SingleAsync(a => a.Action == AuditActions.NotificationSettingsEdit, ct);
        Assert.Equal(MoveCenterHost.Actor, audit.Actor);
        Assert.Contains("SMTP password replaced", audit.Details);
        Assert.DoesNotContain(Password, audit.Details);
    }

    [Fact]
    public async Task Invalid_settings_are_refused_naming_each_field_and_nothing_is_saved()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync(running: false);
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp), startEngine: false);
        var valid = await NotificationHosts.CurrentRequestAsync(host);
        var request = valid with
        {
            SmtpHost = "",
            SmtpPort = 0,
            SmtpSecurity = "ssl",
            FromAddress = "movecenter at dom1",
            AdminAddresses = "ann@dom1.example; not an address",
            Templates = [valid.Templates[0] with { Subject = "Move of {UserID} stalled" }, .. valid.Templates.Skip(1)],
        };

        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            host.Services.GetRequiredService<SaveNotificationSettingsHandler>().HandleAsync(request, MoveCenterHost.Actor, ct));

        Assert.Equal(RejectionKind.Invalid, rejected.Kind);
        Assert.Equal(["adminAddresses", "fromAddress", "smtpHost", "smtpPort", "smtpSecurity", "templates[0].subject"], rejected.Errors.Keys.Order());
        Assert.Contains("{UserID}", rejected.Errors["templates[0].subject"].Single());
        Assert.Contains("{UserId}", rejected.Errors["templates[0].subject"].Single());
        await using var db = await host.DbAsync();
        Assert.False(await db.NotificationSettings.AnyAsync(ct));
        Assert.False(await db.NotificationTemplates.AnyAsync(ct));
        Assert.False(await db.AuditEntries.AnyAsync(a => a.Action == AuditActions.NotificationSettingsEdit, ct));
    }

    [Fact]
    public async Task An_event_recorded_by_two_nodes_at_once_is_in_the_outbox_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync(running: false);
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp), startEngine: false);
        var store = host.Services.GetRequiredService<NotificationSettingsStore>();
        var settings = await store.SettingsAsync(ct);
        var template = (await store.TemplatesAsync(ct)).Single(t => t.Kind == NotificationKind.AdminMoveStalled);
        var dbFactory = host.Services.GetRequiredService<IDbContextFactory<Persistence.MoveCenterDbContext>>();
        OutboxMessage Copy() => Outbox.Compose(template, settings, "move-1", "event-7", 7, settings.AdminAddresses, "", new Dictionary<string, string>(), DateTime.UtcNow);

        await Task.WhenAll(Outbox.RecordAsync(dbFactory, [Copy()], ct), Outbox.RecordAsync(dbFactory, [Copy()], ct));
        await Outbox.RecordAsync(dbFactory, [Copy()], ct);

        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.NotificationOutbox.CountAsync(m => m.AboutId == "move-1", ct));
    }

    public void Dispose() => _data.Dispose();
}
