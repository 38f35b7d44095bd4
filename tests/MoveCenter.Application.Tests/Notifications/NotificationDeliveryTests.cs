using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence.Notifications;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>Moves of the demo directory tell their people and the admins by e-mail, through a real SMTP server.</summary>
public sealed class NotificationDeliveryTests : IDisposable
{
    private const string FinishedSubject = "Your mailbox has been moved";

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_finished_move_mails_its_person_what_to_expect()
    {
        await using var smtp = await SmtpServer.StartAsync();
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        var moveId = await host.QueueAsync("UserA");
        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Completed);

        var mail = await smtp.WaitForAsync(m => m.Subject == FinishedSubject, "the finished move's message to its person");
        Assert.Equal(["usera@dom1.example"], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Equal(NotificationHosts.From, mail.From.Mailboxes.Single().Address);
        Assert.Contains("Dear Demo User A,", mail.TextBody);
        Assert.Contains($"your mailbox (UserA) has been moved to its new server: {details.Summary.ItemsMoved} items arrived", mail.TextBody);
        Assert.Contains("Restart your mail program", mail.TextBody);
    }

    [Fact]
    public async Task A_stalled_move_mails_the_admins_naming_the_user_and_the_reason()
    {
        await using var smtp = await SmtpServer.StartAsync();
        var settings = NotificationHosts.Settings(smtp);
        var user = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var moveId = await host.QueueAsync(user);
        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Stalled);

        var mail = await smtp.WaitForAsync(m => m.Subject == $"Move of {user} stalled", "the stalled move's message to the admins");
        Assert.Equal([NotificationHosts.Admins], mail.To.Mailboxes.Select(m => m.Address));
        Assert.Contains($"The move of {user} (Demo User C) from SourcePO to DestPO stopped and waits for an admin.", mail.TextBody);
        Assert.Contains($"Reason: {details.Summary.WaitReason}", mail.TextBody);
        Assert.Contains($"{moveId}", mail.TextBody);
    }

    [Fact]
    public async Task A_kind_switched_off_sends_nothing_while_a_later_message_of_another_kind_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var smtp = await SmtpServer.StartAsync();
        var settings = NotificationHosts.Settings(smtp);
        var stalledUser = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var request = await NotificationHosts.CurrentRequestAsync(host,
            t => t.Kind == NotificationKind.UserMoveFinished ? t with { Enabled = false } : t);
        await host.Services.GetRequiredService<SaveNotificationSettingsHandler>().HandleAsync(request, MoveCenterHost.Actor, ct);

        var finished = await host.QueueAsync("UserA");
        host.AssertStatus(await host.WaitUntilSettledAsync(finished), MoveStatus.Completed);
        var stalled = await host.QueueAsync(stalledUser);
        host.AssertStatus(await host.WaitUntilSettledAsync(stalled), MoveStatus.Stalled);

        // The outbox is sent in the order of the events, so the stalled move's message arriving means the finished one was dealt with.
        await smtp.WaitForAsync(m => m.Subject == $"Move of {stalledUser} stalled", "the later message of a kind that is on");
        Assert.DoesNotContain(smtp.Messages(), m => m.Subject == FinishedSubject);
        var off = await NotificationHosts.WaitForOutboxAsync(host, finished, NotificationKind.UserMoveFinished, _ => true, "the finished move's row");
        Assert.Equal(OutboxState.Off, off!.State);
        Assert.Equal(0, off.Attempts);
    }

    [Fact]
    public async Task An_smtp_server_that_is_down_delays_the_mail_not_the_move_and_it_is_delivered_once_when_the_server_is_back()
    {
        await using var smtp = await SmtpServer.StartAsync(running: false);
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        var moveId = await host.QueueAsync("UserA");
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        var failing = await NotificationHosts.WaitForOutboxAsync(host, moveId, NotificationKind.UserMoveFinished,
            m => m.State == OutboxState.Pending && m.Attempts > 0, "a failed attempt to send the finished move's message");
        Assert.Contains($"Cannot connect to the SMTP server {smtp.Host}:{smtp.Port}", failing!.LastError);
        var problems = await host.Services.GetRequiredService<OutboxProblemsHandler>().HandleAsync(50, TestContext.Current.CancellationToken);
        Assert.Contains(problems, p => p.Id == failing.Id && p.LastError == failing.LastError);

        await smtp.StartAgainAsync();
        await NotificationHosts.WaitForOutboxAsync(host, moveId, NotificationKind.UserMoveFinished, m => m.State == OutboxState.Sent, "the message sent");
        Assert.Single(smtp.Messages(), m => m.Subject == FinishedSubject);
    }

    [Fact]
    public async Task A_message_the_server_refuses_shows_the_servers_words_and_is_delivered_once_it_accepts()
    {
        await using var smtp = await SmtpServer.StartAsync();
        smtp.Refuse("451 4.3.2 Mail queue full, try again later");
        await using var host = await MoveCenterHost.StartAsync(_data, NotificationHosts.Settings(smtp));
        var moveId = await host.QueueAsync("UserA");
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        var refused = await NotificationHosts.WaitForOutboxAsync(host, moveId, NotificationKind.UserMoveFinished,
            m => m.Attempts > 0, "a refused attempt to send the finished move's message");
        Assert.Equal($"The SMTP server {smtp.Host}:{smtp.Port} answered 451: 4.3.2 Mail queue full, try again later", refused!.LastError);

        smtp.Accept();
        await NotificationHosts.WaitForOutboxAsync(host, moveId, NotificationKind.UserMoveFinished, m => m.State == OutboxState.Sent, "the message sent");
        Assert.Single(smtp.Messages(), m => m.Subject == FinishedSubject);
    }

    [Fact]
    public Task Two_nodes_that_both_see_every_event_record_and_send_each_message_once() => TwoNodesSendOnceAsync(_data);

    /// <summary>Also run on every server database by <see cref="ServerDatabases.ServerDatabaseEngineTests"/>, where writers really are concurrent.</summary>
    internal static async Task TwoNodesSendOnceAsync(TestDataFolder data)
    {
        await using var smtp = await SmtpServer.StartAsync();
        var settings = NotificationHosts.Settings(smtp);
        await using var first = await MoveCenterHost.StartAsync(data, settings with { NodeId = "node-a" });
        await using var second = await MoveCenterHost.StartAsync(data, settings with { NodeId = "node-b" });
        var moves = new[] { await first.QueueAsync("UserA"), await second.QueueAsync("UserB") };
        foreach (var moveId in moves) first.AssertStatus(await first.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        var sent = await Eventually.UntilAsync(async () =>
        {
            await using var db = await first.DbAsync();
            return await db.NotificationOutbox.AsNoTracking().ToListAsync(TestContext.Current.CancellationToken);
        }, rows => rows.Count(r => r.State == OutboxState.Sent) == 4 && rows.All(r => r.State == OutboxState.Sent), "both moves' messages are sent");

        // One scheduled and one finished message per move, each recorded and received once.
        Assert.Equal(4, sent.Count(r => r.Kind is nameof(NotificationKind.UserMoveScheduled) or nameof(NotificationKind.UserMoveFinished)));
        var received = smtp.Messages().Select(m => (To: m.To.Mailboxes.Single().Address, m.Subject)).ToList();
        Assert.Equal(received.Count, received.Distinct().Count());
        Assert.Equal(sent.Count, received.Count);
    }

    public void Dispose() => _data.Dispose();
}
