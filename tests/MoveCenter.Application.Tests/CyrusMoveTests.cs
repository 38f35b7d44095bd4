using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Moves through the engine between Dovecot and Cyrus IMAP, in both of Cyrus's namespaces, checked through independent
/// IMAP sessions: bytes (SHA-256), flags, keywords, INTERNALDATE and folder.
/// </summary>
public sealed class CyrusMoveTests(CyrusServers servers) : IClassFixture<CyrusServers>, IDisposable
{
    private const string DovecotOffice = "DovecotIMAP";
    private const string CyrusOffice = "CyrusIMAP";

    /// <summary>Nested and non-ASCII folders besides the Inbox, each given every shape; one-digit days in the dates.</summary>
    private static readonly FolderPath[] ShapeFolders = [FolderPath.Inbox, FolderPath.Of("Projects", "Alpha", "Specs"), FolderPath.Of("日本語", "Ünterordner")];

    private static readonly DateTimeOffset NulDate = new(2019, 7, 6, 5, 4, 3, TimeSpan.FromHours(2));

    private readonly TestDataFolder _data = new();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Dovecot_to_Cyrus_move_delivers_every_shape_identical_except_those_Cyrus_refuses_which_are_bad_items_in_its_words(bool alternativeNamespace)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await DovecotPair.NewUserAsync("tocyrus", servers.Dovecot, cyrus);
        await FillAsync(servers.Dovecot, user, new DemoMailboxSpec(71, 60) { IncludeLargeAttachments = false }, AppendShapesAsync(_ => true));
        var before = await ImapMailboxReader.SnapshotAsync(servers.Dovecot, user);
        await using var host = await StartHostAsync(_data, demo: false);
        await AddImapPostOfficeAsync(host, DovecotOffice, servers.Dovecot);
        await AddImapPostOfficeAsync(host, CyrusOffice, cyrus);
        await AddUserAsync(host, user, DovecotOffice);

        var moveId = await host.QueueAsync(user, CyrusOffice, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Stalled);
        await using var db = await host.DbAsync();
        var bad = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && i.State == InventoryState.Failed).ToListAsync(ct);
        Assert.Equal(CyrusRefusals.Shapes.Count(r => MessageShapes.All.ContainsKey(r.Key)) * ShapeFolders.Length, bad.Count);
        Assert.All(bad, i => Assert.Contains("Message contains invalid header", i.LastError));
        var refused = CyrusRefusals.Shapes.Keys.Where(MessageShapes.All.ContainsKey).Select(Sha256).ToHashSet(StringComparer.Ordinal);
        var expected = before with { Messages = [.. before.Messages.Where(m => !refused.Contains(m.Sha256))] };
        Assert.Equal(before.Messages.Count - bad.Count, expected.Messages.Count);
        expected.AssertSameMail(await ImapMailboxReader.SnapshotAsync(cyrus, user));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Cyrus_to_Dovecot_move_of_every_shape_Cyrus_holds_arrives_identical_and_empties_the_Cyrus_mailbox(bool alternativeNamespace)
    {
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await DovecotPair.NewUserAsync("fromcyrus", cyrus, servers.Dovecot);
        await FillAsync(cyrus, user, new DemoMailboxSpec(73, 60) { IncludeLargeAttachments = false },
            AppendShapesAsync(shape => !CyrusRefusals.Shapes.ContainsKey(shape)));
        var before = await ImapMailboxReader.SnapshotAsync(cyrus, user);
        Assert.Contains(before.Folders, f => f.Path == "日本語/Ünterordner");
        Assert.Contains(before.Messages, m => m.Keywords.Contains("$Forwarded", StringComparison.Ordinal));
        await using var host = await StartHostAsync(_data, demo: false);
        await AddImapPostOfficeAsync(host, CyrusOffice, cyrus);
        await AddImapPostOfficeAsync(host, DovecotOffice, servers.Dovecot);
        await AddUserAsync(host, user, CyrusOffice);

        var moveId = await host.QueueAsync(user, DovecotOffice);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(0, details.Summary.ItemsSkipped);
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(servers.Dovecot, user));
        var purged = await ImapMailboxReader.SnapshotAsync(cyrus, user);
        Assert.Equal([""], purged.Folders.Select(f => f.Path));
        Assert.Empty(purged.Messages);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_Cyrus_to_Dovecot_move_carries_messages_with_NUL_bytes_byte_for_byte_among_ordinary_ones_in_one_read_ahead_batch(
        bool alternativeNamespace)
    {
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await DovecotPair.NewUserAsync("cyrusnul", cyrus, servers.Dovecot);
        var sent = await AppendAroundNulAsync(cyrus, user);
        await using var host = await StartHostAsync(_data, demo: false);
        await AddImapPostOfficeAsync(host, CyrusOffice, cyrus);
        await AddImapPostOfficeAsync(host, DovecotOffice, servers.Dovecot);
        await AddUserAsync(host, user, CyrusOffice);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, DovecotOffice));

        host.AssertStatus(details, MoveStatus.Completed);
        // Dovecot shows each NUL as 0x80 over IMAP: the snapshot compares that, and the files it stored the bytes.
        AssertSameMessages(sent, content => MessageShapes.AsDovecotShowsIt(content), await ImapMailboxReader.SnapshotAsync(servers.Dovecot, user));
        var stored = System.IO.Directory.EnumerateFiles(servers.Dovecot.MaildirOf(user), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new").Select(f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));
        Assert.Equal(2, stored.Count(hash => hash == Convert.ToHexString(SHA256.HashData(MessageShapes.NulBytes))));
        Assert.Empty((await ImapMailboxReader.SnapshotAsync(cyrus, user)).Messages);
    }

    [Fact]
    public async Task A_Cyrus_to_Maildir_move_carries_messages_with_NUL_bytes_byte_for_byte_among_ordinary_ones_in_one_read_ahead_batch()
    {
        var cyrus = servers.Cyrus(alternativeNamespace: false);
        var user = await DovecotPair.NewUserAsync("cyrusnulmd", cyrus);
        var sent = await AppendAroundNulAsync(cyrus, user);
        await using var host = await StartHostAsync(_data, demo: true);
        await AddImapPostOfficeAsync(host, CyrusOffice, cyrus);
        await AddUserAsync(host, user, CyrusOffice);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, DemoDirectorySeeder.TargetPostOffice));

        host.AssertStatus(details, MoveStatus.Completed);
        AssertSameMessages(sent, content => content, await MailboxSnapshot.TakeAsync(host.TargetRoot, user, asImap: true));
        Assert.Equal(2, System.IO.Directory.EnumerateFiles(Path.Combine(host.TargetRoot, user), "*", SearchOption.AllDirectories)
            .Count(file => File.ReadAllBytes(file).AsSpan().SequenceEqual(MessageShapes.NulBytes)));
        Assert.Empty((await ImapMailboxReader.SnapshotAsync(cyrus, user)).Messages);
    }

    [Fact]
    public async Task Preflight_names_a_Cyrus_target_that_munges_8_bit_header_bytes_in_the_move_history()
    {
        var user = await DovecotPair.NewUserAsync("munged", servers.Dovecot, servers.Munging);
        await FillAsync(servers.Dovecot, user, new DemoMailboxSpec(79, 10) { IncludeLargeAttachments = false });
        await using var host = await StartHostAsync(_data, demo: false);
        await AddImapPostOfficeAsync(host, DovecotOffice, servers.Dovecot);
        await AddImapPostOfficeAsync(host, CyrusOffice, servers.Munging);
        await AddUserAsync(host, user, DovecotOffice);

        var moveId = await host.QueueAsync(user, CyrusOffice, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        var details = await host.WaitUntilSettledAsync(moveId);

        var preflight = Assert.Single(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith(MovePhase.Preflight.DisplayName(), StringComparison.Ordinal));
        TestContext.Current.TestOutputHelper?.WriteLine(preflight.Message);
        Assert.Contains($"Warning, {CyrusOffice}:", preflight.Message);
        Assert.Contains("munge8bit: no", preflight.Message);
    }

    public void Dispose() => _data.Dispose();

    /// <summary>Every wanted shape into each of <see cref="ShapeFolders"/>, with flags and keywords on some.</summary>
    private static Func<IMailboxSession, Task> AppendShapesAsync(Func<string, bool> wanted) => async mailbox =>
    {
        var shapes = MessageShapes.All.Where(s => wanted(s.Key)).ToList();
        foreach (var folder in ShapeFolders)
        {
            await mailbox.EnsureFolderAsync(new MailFolder(folder, true), TestContext.Current.CancellationToken);
            await AppendAllAsync(mailbox, folder, shapes.Select((s, i) => MalformedMail.Message($"{folder}-{i}", s.Value,
                new DateTimeOffset(2020, 2, 1 + i % 9, 8, i, 0, TimeSpan.FromHours(-5)),
                i % 2 == 0 ? MessageFlags.Seen | MessageFlags.Answered : MessageFlags.Flagged,
                i % 3 == 0 ? ["$Forwarded", "$Junk", "Projekt-X"] : [])).ToList());
        }
    };

    /// <summary>
    /// In the Inbox and in a folder, five ordinary messages, one with NUL bytes (which Cyrus answers in a literal8) and
    /// five more, all small enough for one read-ahead batch, with flags and keywords on some.
    /// </summary>
    private static async Task<List<(FolderPath Folder, OutgoingMessage Message, byte[] Content)>> AppendAroundNulAsync(CyrusServer cyrus, string user)
    {
        var sent = new List<(FolderPath, OutgoingMessage, byte[])>();
        await using var mailbox = await OpenAsync(cyrus, user);
        foreach (var folder in new[] { FolderPath.Inbox, FolderPath.Of("Archiv") })
        {
            await mailbox.EnsureFolderAsync(new MailFolder(folder, true), TestContext.Current.CancellationToken);
            var messages = Enumerable.Range(0, 11).Select(i =>
            {
                var content = i == 5 ? MessageShapes.NulBytes : Encoding.ASCII.GetBytes($"Subject: ordinary {i} in {folder}\r\n\r\nline {i}\r\n");
                var message = MalformedMail.Message($"{folder}-{i}", content, NulDate.AddMinutes(i),
                    i % 2 == 1 ? MessageFlags.Seen | MessageFlags.Flagged : MessageFlags.None, i % 3 == 2 ? ["$Forwarded", "Projekt-X"] : []);
                return (folder, message, content);
            }).ToList();
            await AppendAllAsync(mailbox, folder, messages.Select(m => m.message).ToList());
            sent.AddRange(messages);
        }
        return sent;
    }

    /// <summary>Every sent message once, in its folder, with its bytes (as <paramref name="shown"/> by the target), flags, keywords and date.</summary>
    private static void AssertSameMessages(List<(FolderPath Folder, OutgoingMessage Message, byte[] Content)> sent, Func<byte[], byte[]> shown,
        MailboxSnapshot target)
    {
        var expected = sent.Select(s => new MessageFingerprint(s.Folder.ToString(), ImapMailboxReader.Sha256AsImap(new MemoryStream(shown(s.Content))),
            s.Message.Flags, string.Join(' ', s.Message.Keywords.Order(StringComparer.Ordinal)), s.Message.InternalDate.ToUnixTimeSeconds()).ToString());
        Assert.Equal(expected.Order(StringComparer.Ordinal), target.Messages.Select(m => m.ToString()).Order(StringComparer.Ordinal));
    }

    private static string Sha256(string shape) => ImapMailboxReader.Sha256AsImap(new MemoryStream(MessageShapes.All[shape]));
}
