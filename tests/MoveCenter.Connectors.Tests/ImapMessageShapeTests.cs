using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>
/// Messages of every shape appended through the connector, copied to a second Dovecot through the connectors, and
/// read back from both through independent IMAP sessions and from the files the servers stored. The SHA-256 must equal
/// the input's with every bare LF made CRLF (the one change IMAP requires): any re-forming of a message, by a parser or
/// a writer, fails its shape's row.
/// </summary>
public sealed class ImapMessageShapeTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private static readonly DateTimeOffset Date = new(2021, 11, 12, 13, 14, 15, TimeSpan.FromHours(1));

    public static TheoryData<string> Shapes => new([.. MessageShapes.All.Keys, NulShape]);

    private const string NulShape = "NUL bytes";

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task A_message_of_any_shape_is_appended_and_copied_byte_for_byte(string shape)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        var content = shape == NulShape ? MessageShapes.NulBytes : MessageShapes.All[shape];
        await using (var a = await OpenAsync(dovecot.A, user))
        {
            var outcome = Assert.Single(await a.AppendAsync(FolderPath.Inbox, [Outgoing("m", content, Date)], ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }
        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        var expected = ImapMailboxReader.Sha256AsImap(new MemoryStream(content));
        Assert.Equal(expected, Sha256(await OnlyStoredFileAsync(dovecot.A, user)));
        Assert.Equal(expected, Sha256(await OnlyStoredFileAsync(dovecot.B, user)));
        // Through an independent session too, which sees each NUL as 0x80, as Dovecot answers BODY[].
        var shown = ImapMailboxReader.Sha256AsImap(new MemoryStream(MessageShapes.AsDovecotShowsIt(content)));
        Assert.Equal(shown, Assert.Single((await ImapMailboxReader.SnapshotAsync(dovecot.A, user)).Messages).Sha256);
        Assert.Equal(shown, Assert.Single((await ImapMailboxReader.SnapshotAsync(dovecot.B, user)).Messages).Sha256);
    }

    [Fact]
    public async Task One_MULTIAPPEND_of_every_shape_delivers_each_byte_for_byte()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var batch = MessageShapes.All.Values.Select((content, i) => Outgoing($"k{i}", content, Date.AddMinutes(i))).ToList();

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox, batch, ct);

        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
        var expected = MessageShapes.All.Values.Select(c => ImapMailboxReader.Sha256AsImap(new MemoryStream(c))).Order(StringComparer.Ordinal);
        var stored = (await ImapMailboxReader.SnapshotAsync(dovecot.A, user)).Messages.Select(m => m.Sha256).Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task An_empty_message_is_sent_and_Dovecots_refusal_in_its_own_words_is_its_outcome_while_the_rest_of_its_batch_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var whole = MessageShapes.All["headers only, no empty line"];

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox, [Outgoing("empty", [], Date), Outgoing("whole", whole, Date)], ct);

        var empty = outcomes.Single(o => o.DeliveryKey == "empty");
        Assert.False(empty.Delivered);
        Assert.StartsWith("the server refused the message: No Can't save a zero byte message", empty.Error);
        Assert.True(outcomes.Single(o => o.DeliveryKey == "whole").Delivered);
        Assert.Equal(ImapMailboxReader.Sha256AsImap(new MemoryStream(whole)),
            Assert.Single((await ImapMailboxReader.SnapshotAsync(dovecot.A, user)).Messages).Sha256);
    }

    [Fact]
    public async Task A_message_with_NUL_bytes_goes_in_a_literal8_on_a_connection_of_its_own_with_its_flags_keywords_and_date()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var proxy = LoopbackProxy.Start(dovecot.A.Host, dovecot.A.ImapPort);
        var settings = new ImapConnectionSettings(proxy.Host, proxy.Port, ImapSecurity.None, dovecot.A.MasterUser, dovecot.A.MasterPassword);
        await using (var mailbox = await new ImapMailStore(settings, NullLogger.Instance).OpenMailboxAsync(user, ct))
        {
            Assert.True(Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox,
                [Outgoing("k", MessageShapes.NulBytes, Date, flags: MessageFlags.Seen | MessageFlags.Flagged, keywords: ["$Forwarded", "project-x"])], ct)).Delivered);
            // MailKit's connection and the literal8 one: MailKit writes no literal8.
            Assert.Equal(2, proxy.Connections.Count);
        }

        var stored = Assert.Single((await ImapMailboxReader.SnapshotAsync(dovecot.A, user)).Messages);
        Assert.Equal(MessageFlags.Seen | MessageFlags.Flagged, stored.Flags);
        Assert.Equal("$Forwarded project-x", stored.Keywords);
        Assert.Equal(Date.ToUnixTimeSeconds(), stored.InternalDateSeconds);
    }

    [Theory]
    [InlineData(ImapSecurity.None)]
    [InlineData(ImapSecurity.StartTls)]
    [InlineData(ImapSecurity.Tls)]
    public async Task A_message_with_NUL_bytes_is_stored_byte_for_byte_by_a_BINARY_server_with_the_sessions_security(ImapSecurity security)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("tlsnul", new DovecotServerOptions { StartTls = true });
        var user = await NewUserAsync(server);
        await using (var mailbox = await Store(server, security: security, skipCertificateValidation: true).OpenMailboxAsync(user, ct))
            Assert.True(Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox, [Outgoing("nul", MessageShapes.NulBytes, Date)], ct)).Delivered);

        // Dovecot answers BODY[] with each NUL as 0x80, so its file is the independent witness.
        Assert.Equal(MessageShapes.NulBytes, await OnlyStoredFileAsync(server, user));
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexString(SHA256.HashData(bytes));
}
