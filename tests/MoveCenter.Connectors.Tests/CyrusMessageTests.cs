using System.Text;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>What a real Cyrus IMAP keeps, refuses and alters of the messages the connector appends.</summary>
public sealed class CyrusMessageTests(CyrusServers servers) : IClassFixture<CyrusServers>
{
    private static readonly DateTimeOffset Date = new(2021, 11, 2, 13, 14, 15, TimeSpan.FromHours(1));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Every_shape_Cyrus_accepts_arrives_byte_for_byte_and_each_it_refuses_is_a_failure_in_its_own_words(bool alternativeNamespace)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await NewUserAsync(cyrus);
        var keys = MessageShapes.All.Keys.ToList();
        await using var mailbox = await OpenAsync(cyrus, user);

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox,
            keys.Select((k, i) => Outgoing(k, MessageShapes.All[k], Date.AddMinutes(i))).ToList(), ct);

        var refused = outcomes.Where(o => !o.Delivered).ToDictionary(o => o.DeliveryKey, o => o.Error!);
        Assert.Equal(CyrusRefusals.Shapes.Keys.Where(keys.Contains).Order(), refused.Keys.Order());
        Assert.All(refused, r => Assert.Contains(CyrusRefusals.Shapes[r.Key], r.Value));
        var stored = (await ImapMailboxReader.SnapshotAsync(cyrus, user)).Messages.Select(m => m.Sha256).Order(StringComparer.Ordinal);
        var expected = keys.Where(k => !refused.ContainsKey(k))
            .Select(k => ImapMailboxReader.Sha256AsImap(new MemoryStream(MessageShapes.All[k]))).Order(StringComparer.Ordinal);
        Assert.Equal(expected, stored);
    }

    [Fact]
    public async Task A_message_with_NUL_bytes_goes_to_Cyrus_in_a_literal8_and_is_stored_as_sent()
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace: false);
        var user = await NewUserAsync(cyrus);
        await using (var mailbox = await OpenAsync(cyrus, user))
        {
            var outcome = Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox, [Outgoing("nul", MessageShapes.NulBytes, Date)], ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }

        // Cyrus answers BODY[] for it in a literal8, which MailKit (so the independent reader too) cannot read: its file is the witness.
        // (The connector reads it over its side connection: see the test below.)
        Assert.Contains(Directory.EnumerateFiles(cyrus.SpoolRoot, "*", SearchOption.AllDirectories),
            file => File.ReadAllBytes(file).AsSpan().SequenceEqual(MessageShapes.NulBytes));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Messages_with_NUL_bytes_which_Cyrus_sends_in_a_literal8_are_read_byte_for_byte_and_so_is_every_message_around_them(bool readAhead)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace: false);
        var user = await NewUserAsync(cyrus);
        byte[][] contents =
        [
            Ordinary(0), Ordinary(1), MessageShapes.NulBytes, Ordinary(3), NulPastTheFirstChunk(), Ordinary(5), MessageShapes.NulBytes, Ordinary(7),
        ];
        await using (var mailbox = await OpenAsync(cyrus, user))
            Assert.All(await mailbox.AppendAsync(FolderPath.Inbox, contents.Select((c, i) => Outgoing($"m{i}", c, Date.AddMinutes(i))).ToList(), ct),
                o => Assert.True(o.Delivered, o.Error));

        await using var source = await OpenAsync(cyrus, user);
        var listed = await ListAsync(source, FolderPath.Inbox);
        if (readAhead) source.ExpectReads(FolderPath.Inbox, listed.Select(m => new PlannedRead(m.SourceKey, m.Size)).ToList());
        var read = new List<byte[]>();
        foreach (var message in listed)
        {
            await using var content = await source.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, ct);
            read.Add(await ReadAllAsync(content));
        }

        Assert.Equal(contents, read);
        // The session's own connection, given up at each literal8, works again.
        Assert.Equal(listed.Select(m => m.SourceKey), (await ListAsync(source, FolderPath.Inbox)).Select(m => m.SourceKey));
    }

    [Fact]
    public async Task Test_connection_names_a_Cyrus_that_munges_8_bit_header_bytes_and_leaves_no_probe_behind()
    {
        var ct = TestContext.Current.CancellationToken;

        var result = await Store(servers.Munging).TestConnectionAsync(ct);

        Assert.True(result.Succeeded, result.Summary);
        var warning = Assert.Single(result.Warnings);
        Assert.Contains("munge8bit: no", warning);
        Assert.Contains("imapd.conf", warning);
        Assert.Contains(warning, result.Summary);
        Assert.DoesNotContain(await AdminFolderNamesAsync(servers.Munging), n => n.Contains("movecenter-probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Test_connection_warns_of_nothing_on_a_Cyrus_without_munge8bit_nor_on_Dovecot()
    {
        var ct = TestContext.Current.CancellationToken;

        var cyrus = await Store(servers.Cyrus(false)).TestConnectionAsync(ct);
        var alternative = await Store(servers.Cyrus(true)).TestConnectionAsync(ct);
        var dovecot = await Store(servers.Dovecot).TestConnectionAsync(ct);

        Assert.All([cyrus, alternative, dovecot], r => Assert.True(r.Succeeded, r.Summary));
        Assert.All([cyrus, alternative, dovecot], r => Assert.Empty(r.Warnings));
        Assert.DoesNotContain(await AdminFolderNamesAsync(servers.Cyrus(false)), n => n.Contains("movecenter-probe", StringComparison.Ordinal));
        Assert.DoesNotContain(await AdminFolderNamesAsync(servers.Dovecot), n => n.Contains("movecenter-probe", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Test_connection_warns_that_a_Cyrus_rejecting_8_bit_headers_makes_such_messages_bad_items_and_it_refuses_them_in_its_words()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var rejecting = await CyrusServer.StartAsync("reject", new CyrusServerOptions { Reject8Bit = true });
        var user = await NewUserAsync(rejecting);

        var result = await Store(rejecting).TestConnectionAsync(ct);
        await using var mailbox = await OpenAsync(rejecting, user);
        var outcome = Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox,
            [Outgoing("8bit", MessageShapes.All["8-bit and invalid UTF-8 in headers"], Date)], ct));

        var warning = Assert.Single(result.Warnings);
        Assert.Contains("refuses messages with 8-bit bytes in a header (Message contains non-ASCII characters in headers)", warning);
        Assert.False(outcome.Delivered);
        Assert.Contains("Message contains non-ASCII characters in headers", outcome.Error);
        Assert.DoesNotContain(await AdminFolderNamesAsync(rejecting), n => n.Contains("movecenter-probe", StringComparison.Ordinal));
    }

    private static byte[] Ordinary(int i) => Encoding.ASCII.GetBytes($"Subject: ordinary {i}\r\n\r\nline {i}\r\n");

    /// <summary>A message past the read-ahead's size whose first chunk is plain text and whose second holds NUL bytes.</summary>
    private static byte[] NulPastTheFirstChunk()
    {
        var head = new StringBuilder("Subject: NUL bytes past a megabyte\r\n\r\n");
        while (head.Length + 80 <= ImapMessageStream.ChunkSize) head.Append('a', 78).Append("\r\n");
        return [.. Encoding.ASCII.GetBytes(head.ToString()), .. "after\0\0the boundary\r\n"u8];
    }

    /// <summary>Every folder the admin account sees, its own and shared ones.</summary>
    private static async Task<List<string>> AdminFolderNamesAsync(ITestImapServer server)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await ImapMailboxReader.LoginAsAdminAsync(server);
        var names = new List<string>();
        foreach (var space in client.PersonalNamespaces.Concat(client.SharedNamespaces))
            names.AddRange((await client.GetFoldersAsync(space, cancellationToken: ct)).Select(f => f.FullName));
        return names;
    }
}
