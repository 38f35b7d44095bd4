using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>Each test here runs its own Dovecot, since some stop it or need special settings.</summary>
public sealed class ImapFailureTests
{
    private static readonly DateTimeOffset Date = new(2020, 1, 2, 3, 4, 5, TimeSpan.Zero);

    [Fact]
    public async Task A_wrong_admin_password_is_a_mailbox_access_error_and_the_connection_test_says_credentials_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("wrongpw");
        var user = await NewUserAsync(server);
        var store = Store(server, password: "not-the-password");

        var error = await Assert.ThrowsAsync<MailboxAccessException>(() => store.OpenMailboxAsync(user, ct));
        var test = await store.TestConnectionAsync(ct);

        Assert.StartsWith("the server refused the admin credentials (or the user does not exist): ", error.Message);
        Assert.Contains("Authentication failed", error.Message);
        Assert.DoesNotContain("not-the-password", error.Message + test.Summary);
        Assert.False(test.Succeeded);
        Assert.StartsWith("credentials refused for admin", test.Summary);
    }

    [Fact]
    public async Task A_closed_port_is_post_office_unavailable_and_the_connection_test_says_cannot_connect()
    {
        var ct = TestContext.Current.CancellationToken;
        var store = new ImapMailStore(
            new ImapConnectionSettings("127.0.0.1", ClosedPort(), ImapSecurity.None, "admin", "pw"), NullLogger.Instance);

        var error = await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => store.OpenMailboxAsync("anyone", ct));
        var test = await store.TestConnectionAsync(ct);

        Assert.StartsWith("cannot connect to 127.0.0.1:", error.Message);
        Assert.False(test.Succeeded);
        Assert.StartsWith("cannot connect to 127.0.0.1:", test.Summary);
    }

    [Fact]
    public async Task The_connection_test_names_the_capabilities_a_mover_needs()
    {
        await using var server = await DovecotServer.StartAsync("captest");

        var test = await Store(server).TestConnectionAsync(TestContext.Current.CancellationToken);

        Assert.True(test.Succeeded, test.Summary);
        Assert.StartsWith("OK: IMAP4rev1, IDLE, UIDPLUS, MULTIAPPEND, SPECIAL-USE", test.Summary);
        Assert.Contains("UIDPLUS", test.Capabilities);
    }

    [Theory]
    [InlineData(ImapSecurity.StartTls)]
    [InlineData(ImapSecurity.Tls)]
    public async Task An_untrusted_certificate_is_a_tls_failure_unless_validation_is_skipped(ImapSecurity security)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("tls", new DovecotServerOptions { StartTls = true });
        var user = await NewUserAsync(server);

        var error = await Assert.ThrowsAsync<PostOfficeUnavailableException>(() =>
            Store(server, security: security).OpenMailboxAsync(user, ct));
        var test = await Store(server, security: security).TestConnectionAsync(ct);
        await using var session = await Store(server, security: security, skipCertificateValidation: true).OpenMailboxAsync(user, ct);

        Assert.StartsWith("TLS failure with 127.0.0.1:", error.Message);
        Assert.IsType<TlsFailureException>(error.InnerException);
        Assert.StartsWith("TLS failure", test.Summary);
        Assert.Contains(await session.ListFoldersAsync(ct), f => f.Path.IsInbox);
        var message = Outgoing("over-tls", Encoding.ASCII.GetBytes("Subject: over TLS\r\n\r\nsealed\r\n"), DateTimeOffset.UnixEpoch.AddYears(50));
        Assert.True(Assert.Single(await session.AppendAsync(FolderPath.Inbox, [message], ct)).Delivered);
    }

    [Fact]
    public async Task A_server_stopped_mid_session_makes_the_post_office_unavailable_until_it_is_back()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("stop");
        var user = await NewUserAsync(server);
        await using var session = await OpenAsync(server, user);
        await session.ListFoldersAsync(ct);

        server.Stop();

        await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => session.ListFoldersAsync(ct));
        await Assert.ThrowsAsync<PostOfficeUnavailableException>(() =>
            session.AppendAsync(FolderPath.Inbox, [Outgoing("k", "Subject: x\r\n\r\nx\r\n"u8.ToArray(), Date)], ct));
        await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => OpenAsync(server, user));
        await server.StartAgainAsync();
        await using var again = await OpenAsync(server, user);
        Assert.Contains(await again.ListFoldersAsync(ct), f => f.Path.IsInbox);
    }

    [Fact]
    public async Task A_refused_message_fails_alone_and_the_rest_of_its_batch_is_delivered()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("quota", new DovecotServerOptions { MaxMessageSize = 10_000 });
        var user = await NewUserAsync(server);
        await using var mailbox = await OpenAsync(server, user);
        var small = "Subject: small\r\n\r\nsmall\r\n"u8.ToArray();
        var big = Encoding.ASCII.GetBytes("Subject: big\r\n\r\n" + new string('x', 20_000) + "\r\n");
        var unreadable = new OutgoingMessage("gone", 10, MessageFlags.None, [], Date, null,
            _ => throw new FileNotFoundException("the source file vanished"));

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox,
            [Outgoing("a", small, Date), Outgoing("big", big, Date), unreadable, Outgoing("b", small, Date.AddHours(1))], ct);

        Assert.Equal(["a", "big", "gone", "b"], outcomes.Select(o => o.DeliveryKey));
        Assert.True(outcomes[0].Delivered && outcomes[3].Delivered);
        Assert.StartsWith("the server refused the message: No [LIMIT] Mail size is", outcomes[1].Error);
        Assert.Contains("the source file vanished", outcomes[2].Error);
        Assert.Equal(2, (await ListAsync(mailbox, FolderPath.Inbox)).Count);
    }

    [Theory]
    [InlineData("imap")]
    [InlineData("maildir")]
    public async Task A_source_connection_lost_while_the_target_reads_a_message_is_the_source_not_answering_not_a_bad_message(string targetKind)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var source = await DovecotServer.StartAsync("lostsrc");
        await using var target = await DovecotServer.StartAsync("losttgt");
        using var maildirs = new TempDirectory();
        var user = await NewUserAsync(source, target);
        // Read in 1 MB chunks, so the cut below falls between two chunks of the same message.
        var large = Encoding.ASCII.GetBytes("Subject: large\r\n\r\n" + new string('x', 3 * 1024 * 1024) + "\r\n");
        await using (var filler = await OpenAsync(source, user))
            await filler.AppendAsync(FolderPath.Inbox, [Outgoing("large", large, Date)], ct);
        await using var proxy = LoopbackProxy.Start(source.Host, source.ImapPort);
        proxy.CutAfterBytes = () => 3 * 1024 * 1024 / 2;
        var throughProxy = new ImapMailStore(
            new ImapConnectionSettings(proxy.Host, proxy.Port, ImapSecurity.None, source.MasterUser, source.MasterPassword), NullLogger.Instance);
        await using var reader = await throughProxy.OpenMailboxAsync(user, ct);
        var message = await reader.ListMessagesAsync(FolderPath.Inbox, ct).SingleAsync(ct);
        IMailStore targetStore = targetKind == "imap" ? Store(target) : new Maildir.MaildirMailStore(maildirs.Path, NullLogger.Instance);
        await using var writer = await targetStore.OpenMailboxAsync(user, ct);
        await writer.CreateAsync(ct);

        // A delivery key both stores accept (an IMAP source key holds ':', which a Maildir file name cannot).
        var copy = ToOutgoing(reader, message) with { DeliveryKey = "large-copy" };

        var error = await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => writer.AppendAsync(FolderPath.Inbox, [copy], ct));

        Assert.Equal(1, proxy.Cuts);
        Assert.StartsWith("the connection was lost while reading message", error.Message);
    }

    [Fact]
    public async Task Find_delivered_recovers_lost_outcomes_by_message_id_and_by_date_and_size()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("find");
        var user = await NewUserAsync(server);
        await using var mailbox = await OpenAsync(server, user);
        await mailbox.EnsureFolderAsync(new MailFolder(FolderPath.Of("Box"), true), ct);
        var box = FolderPath.Of("Box");
        OutgoingMessage[] sent =
        [
            Outgoing("with-id", "Message-ID: <f1@example.org>\r\n\r\none\r\n"u8.ToArray(), Date, "f1@example.org"),
            Outgoing("same-id-later", "Message-ID: <f1@example.org>\r\n\r\ntwo\r\n"u8.ToArray(), Date.AddDays(1), "f1@example.org"),
            Outgoing("no-id", "Subject: anonymous\r\n\r\nthree\r\n"u8.ToArray(), Date.AddDays(2)),
        ];
        var outcomes = await mailbox.AppendAsync(box, sent, ct);
        OutgoingMessage[] neverSent =
        [
            Outgoing("other-id", "Message-ID: <f9@example.org>\r\n\r\nnine\r\n"u8.ToArray(), Date, "f9@example.org"),
            Outgoing("no-id-other-date", "Subject: anonymous\r\n\r\nthree\r\n"u8.ToArray(), Date.AddDays(3)),
        ];

        await using var retry = await OpenAsync(server, user);
        var found = await retry.FindDeliveredAsync(box, [.. sent, .. neverSent], ct);

        Assert.Equal(outcomes.ToDictionary(o => o.DeliveryKey, o => o.TargetKey!), found);
    }

    [Fact]
    public async Task Delete_removes_every_folder_and_empties_the_inbox()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("delete");
        var user = await NewUserAsync(server);
        await using var mailbox = await OpenAsync(server, user);
        await mailbox.EnsureFolderAsync(new MailFolder(FolderPath.Of("A", "B"), true), ct);
        await mailbox.AppendAsync(FolderPath.Inbox, [Outgoing("k", "Subject: x\r\n\r\nx\r\n"u8.ToArray(), Date)], ct);

        await mailbox.DeleteAsync(ct);
        await mailbox.DeleteAsync(ct);

        Assert.Equal([new MailFolder(FolderPath.Inbox, false, SpecialUse.Inbox)], await mailbox.ListFoldersAsync(ct));
        Assert.Empty(await ListAsync(mailbox, FolderPath.Inbox));
    }

    /// <summary>A port that was free a moment ago and that nothing listens on.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
