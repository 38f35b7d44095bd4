using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>The other kinds of message: the planned time to the person (with the helpdesk's copy), a finished batch and the daily summary to the admins.</summary>
public sealed class NotificationKindsTests : IDisposable
{
    private const string Helpdesk = "help@dom1.example";

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_scheduled_move_tells_its_person_the_planned_time_with_a_copy_to_the_helpdesk()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        var request = await NotificationHosts.CurrentRequestAsync(host,
            t => t.Kind == NotificationKind.UserMoveScheduled ? t with { CopyHelpdesk = true } : t) with { HelpdeskAddresses = Helpdesk };
        await host.Services.GetRequiredService<SaveNotificationSettingsHandler>().HandleAsync(request, MoveCenterHost.Actor, ct);
        var now = DateTime.UtcNow;
        var planned = new DateTime(now.Year, now.Month, now.Day, now.Hour, now.Minute, 0, DateTimeKind.Utc).AddHours(3);

        await host.Services.GetRequiredService<QueueMoveHandler>()
            .HandleAsync(new QueueMoveRequest("UserB", DemoDirectorySeeder.TargetPostOffice, StartAt: planned), MoveCenterHost.Actor, ct);

        var mail = await smtp.WaitForAsync(m => m.Subject == $"Your mailbox will be moved at {planned:yyyy-MM-dd HH:mm} UTC", "the scheduled move's message");
        Assert.Equal(["userb@dom1.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal([Helpdesk], mail.Cc.Mailboxes.Select(m => m.Address));
        Assert.Contains($"Dear Demo User B,\n\nyour mailbox (UserB) will be moved to a new server at {planned:yyyy-MM-dd HH:mm} UTC.", mail.TextBody!.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_batch_whose_moves_have_all_finished_mails_the_admins_once_with_its_counts()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        var created = await host.Services.GetRequiredService<CreateBatchHandler>().HandleAsync(new CreateBatchRequest("Night one", null,
            [new BatchRow(2, "UserA", DemoDirectorySeeder.TargetPostOffice, 0, null, []), new BatchRow(3, "UserB", DemoDirectorySeeder.TargetPostOffice, 0, null, [])]),
            MoveCenterHost.Actor, ct);
        foreach (var row in created.AcceptedRows) host.AssertStatus(await host.WaitUntilSettledAsync(row.MoveId), MoveStatus.Completed);

        var mail = await smtp.WaitForAsync(m => m.Subject == "Batch Night one finished", "the finished batch's message");
        Assert.Equal([NotificationHosts.Admins], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("Every move of batch Night one has finished: 2 completed, 0 failed, 0 cancelled, of 2.", mail.TextBody);
        Assert.Contains($"{created.Id}", mail.TextBody);
        await using var db = await host.DbAsync();
        Assert.Equal(1, await db.NotificationOutbox.CountAsync(m => m.AboutId == $"{created.Id}", ct));
    }

    [Fact]
    public async Task A_failed_move_tells_the_admins_why_and_its_person_whom_to_call()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        // Mail of the same user at the target already makes the preflight fail the move.
        await using (var existing = await new MaildirMailStore(host.TargetRoot, NullLogger.Instance).OpenMailboxAsync("UserA", ct))
        {
            await existing.CreateAsync(ct);
            var body = "Subject: already here\r\n\r\nhello\r\n"u8.ToArray();
            await existing.AppendAsync(FolderPath.Inbox, [new OutgoingMessage("1600000000.existing", body.Length, MessageFlags.Seen, [],
                DateTimeOffset.FromUnixTimeSeconds(1600000000), null, _ => Task.FromResult<Stream>(new MemoryStream(body)))], ct);
        }
        var moveId = await host.QueueAsync("UserA");
        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Failed);

        var admins = await smtp.WaitForAsync(m => m.Subject == "Move of UserA failed", "the failed move's message to the admins");
        Assert.Equal([NotificationHosts.Admins], admins.To.Mailboxes.Select(m => m.Address));
        Assert.Contains($"Reason: {details.Summary.LastError}", admins.TextBody);
        var person = await smtp.WaitForAsync(m => m.Subject == "The move of your mailbox did not succeed", "the failed move's message to its person");
        Assert.Equal(["usera@dom1.example"], person.To.Mailboxes.Select(m => m.Address));
        Assert.Contains("your mail stays where it was. Please call the helpdesk at 555-0100.", person.TextBody);
    }

    [Fact]
    public async Task The_daily_summary_tells_the_admins_the_days_counts_and_what_waits_for_them()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var settings = NotificationHosts.Settings(smtp);
        var stalledUser = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var completed = await host.QueueAsync("UserA");
        var stalled = await host.QueueAsync(stalledUser);
        host.AssertStatus(await host.WaitUntilSettledAsync(completed), MoveStatus.Completed);
        var stall = await host.WaitUntilSettledAsync(stalled);
        host.AssertStatus(stall, MoveStatus.Stalled);
        await host.StopAsync();

        // A node started just after the summary's time of day sends the summary of the 24 hours before it.
        var due = DateTime.UtcNow;
        await using var next = await MoveCenterHost.StartAsync(_data, WithSummaryAt(settings, due));

        var mail = await smtp.WaitForAsync(m => m.Subject == $"MoveCenter summary for {due:yyyy-MM-dd}", "the daily summary");
        Assert.Equal([NotificationHosts.Admins], mail.To.Mailboxes.Select(m => m.Address));
        var body = mail.TextBody!.ReplaceLineEndings("\n");
        Assert.Contains("In the last 24 hours: 1 moves completed, 0 failed.\nNow: 1 stalled, 0 running, 0 queued.", body);
        Assert.Contains($"Stalled: {stalledUser}: {stall.Summary.WaitReason}", body);
    }

    private static HostSettings WithSummaryAt(HostSettings settings, DateTime at) => settings with
    {
        Configuration = new Dictionary<string, string?>(settings.Configuration) { ["MoveCenter:Notifications:DailySummaryAt"] = $"{at:HH:mm:ss.fffffff}" },
    };

    public void Dispose() => _data.Dispose();
}
