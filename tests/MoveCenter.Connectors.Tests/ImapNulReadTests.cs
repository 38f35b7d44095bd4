using System.Text;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>
/// Messages read from a Dovecot source, whose BODY[] shows each NUL byte as 0x80: the connector gets the NULs back from
/// BINARY[] (RFC 3516) and leaves every 0x80 that is data. The witness is the file the target Dovecot stored.
/// </summary>
public sealed class ImapNulReadTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private static readonly DateTimeOffset Date = new(2020, 2, 29, 23, 58, 59, TimeSpan.FromHours(-5));

    public static TheoryData<string> EightyBytesThatAreData => new("data", "base64");

    [Fact]
    public async Task A_message_with_NUL_bytes_copied_from_Dovecot_to_Dovecot_arrives_byte_for_byte_with_its_flags_keywords_and_date()
    {
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        await AppendAsync(dovecot.A, user, Outgoing("nul", MessageShapes.NulBytes, Date, flags: MessageFlags.Flagged, keywords: ["$Forwarded", "project-x"]));

        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        Assert.Equal(MessageShapes.NulBytes, await OnlyStoredFileAsync(dovecot.B, user));
        // BINARY.PEEK[] in a folder opened read-only: the source's message is not marked \Seen.
        foreach (var server in new[] { dovecot.A, dovecot.B })
        {
            var stored = Assert.Single((await ImapMailboxReader.SnapshotAsync(server, user)).Messages);
            Assert.Equal(MessageFlags.Flagged, stored.Flags);
            Assert.Equal("$Forwarded project-x", stored.Keywords);
            Assert.Equal(Date.ToUnixTimeSeconds(), stored.InternalDateSeconds);
        }
    }

    [Fact]
    public async Task NUL_bytes_past_the_first_megabyte_are_restored_in_the_chunk_that_holds_them()
    {
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        // The first chunk holds no 0x80 and is left alone; the second starts with a NUL after an ASCII byte.
        var head = new StringBuilder("Subject: NUL bytes past a megabyte\r\n\r\n");
        while (head.Length + 80 <= ImapMessageStream.ChunkSize) head.Append('a', 78).Append("\r\n");
        head.Append('a', ImapMessageStream.ChunkSize - head.Length);
        byte[] content = [.. Encoding.ASCII.GetBytes(head.ToString()), 0, .. "after\0\0the boundary\r\n"u8];
        await AppendAsync(dovecot.A, user, Outgoing("big", content, Date));

        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        Assert.Equal(content, await OnlyStoredFileAsync(dovecot.B, user));
    }

    [Fact]
    public async Task Messages_with_NUL_bytes_in_several_folders_one_with_a_non_ASCII_name_each_arrive_byte_for_byte()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        var drafts = FolderPath.Of("Entwürfe", "\"Ältere\" & mehr");
        byte[] inDrafts = [.. "Subject: NUL in a draft\r\n\r\n\0draft\0\r\n"u8];
        await AppendAsync(dovecot.A, user, Outgoing("inbox", MessageShapes.NulBytes, Date));
        await using (var a = await OpenAsync(dovecot.A, user))
        {
            await a.EnsureFolderAsync(new MailFolder(drafts, Subscribed: true), ct);
            Assert.True(Assert.Single(await a.AppendAsync(drafts, [Outgoing("draft", inDrafts, Date)], ct)).Delivered);
        }

        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        var stored = Directory.EnumerateFiles(dovecot.B.MaildirOf(user), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new").Select(File.ReadAllBytes).ToList();
        Assert.Equal(2, stored.Count);
        Assert.Contains(stored, file => file.AsSpan().SequenceEqual(MessageShapes.NulBytes));
        Assert.Contains(stored, file => file.AsSpan().SequenceEqual(inDrafts));
    }

    [Theory]
    [MemberData(nameof(EightyBytesThatAreData))]
    public async Task A_message_whose_0x80_bytes_are_data_arrives_unchanged(string shape)
    {
        var content = shape == "data" ? MessageShapes.EightyBytesOfData : MessageShapes.Base64UnderEightyByte;
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        await AppendAsync(dovecot.A, user, Outgoing(shape, content, Date));

        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        Assert.Equal(content, await OnlyStoredFileAsync(dovecot.B, user));
        Assert.Equal(ImapMailboxReader.Sha256AsImap(new MemoryStream(content)),
            Assert.Single((await ImapMailboxReader.SnapshotAsync(dovecot.B, user)).Messages).Sha256);
    }

    [Theory]
    [InlineData(ImapSecurity.None)]
    [InlineData(ImapSecurity.StartTls)]
    [InlineData(ImapSecurity.Tls)]
    public async Task NUL_bytes_are_read_back_with_the_sessions_security(ImapSecurity security)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("tlsread", new DovecotServerOptions { StartTls = true });
        var user = await NewUserAsync(server);
        await AppendAsync(server, user, Outgoing("nul", MessageShapes.NulBytes, Date));
        Assert.Equal(MessageShapes.NulBytes, await OnlyStoredFileAsync(server, user));

        await using var mailbox = await Store(server, security: security, skipCertificateValidation: true).OpenMailboxAsync(user, ct);
        var message = Assert.Single(await ListAsync(mailbox, FolderPath.Inbox));
        await using var content = await mailbox.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, ct);

        Assert.Equal(MessageShapes.NulBytes, await ReadAllAsync(content));
    }

    private static async Task AppendAsync(ITestImapServer server, string user, OutgoingMessage message)
    {
        await using var mailbox = await OpenAsync(server, user);
        var outcome = Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox, [message], TestContext.Current.CancellationToken));
        Assert.True(outcome.Delivered, outcome.Error);
    }
}
