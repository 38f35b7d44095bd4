using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Moves between Maildir and IMAP of a mailbox holding every shape of <see cref="MessageShapes"/>, checked per shape by
/// SHA-256 through independent readers, and a target that refuses one message.
/// </summary>
public sealed class MessageShapeMoveTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";

    private static readonly DateTimeOffset Date = new(2022, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_Maildir_to_IMAP_move_carries_every_shape_and_NUL_bytes_byte_for_byte()
    {
        // Not the last demo user, whose mailbox holds a message that cannot be read.
        var user = DemoDirectorySeeder.UserName(1);
        await dovecot.Target.AddUserAsync(user, "user-secret");
        await using var host = await StartHostAsync(demo: true);
        await using (var source = await new MaildirMailStore(host.SourceRoot, NullLogger.Instance).OpenMailboxAsync(user, TestContext.Current.CancellationToken))
            await AppendAllAsync(source, FolderPath.Inbox, [.. Shapes(), MalformedMail.Message("nul", MessageShapes.NulBytes, Date)]);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, user, asImap: true);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep)));

        host.AssertStatus(details, MoveStatus.Completed);
        var after = await ImapMailboxReader.SnapshotAsync(dovecot.Target, user);
        Assert.Equal(before.Messages.Count, after.Messages.Count);
        AssertEveryShape(after);
        // Dovecot answers BODY[] with each NUL as 0x80: its own file shows what it was sent (it keeps CRLF as sent).
        Assert.Contains(System.IO.Directory.EnumerateFiles(dovecot.Target.MaildirOf(user), "*.*", SearchOption.AllDirectories),
            file => File.ReadAllBytes(file).AsSpan().SequenceEqual(MessageShapes.NulBytes));
    }

    [Fact]
    public async Task An_IMAP_to_Maildir_move_carries_every_shape_and_NUL_bytes_byte_for_byte_with_flags_keywords_and_dates()
    {
        var user = await DovecotPair.NewUserAsync("shapes", dovecot.Source);
        await using (var source = await OpenAsync(dovecot.Source, user))
            await AppendAllAsync(source, FolderPath.Inbox, [.. Shapes(), Nul()]);
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: true);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddUserAsync(host, user, SourceImap);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, DemoDirectorySeeder.TargetPostOffice));

        host.AssertStatus(details, MoveStatus.Completed);
        var after = await MailboxSnapshot.TakeAsync(host.TargetRoot, user, asImap: true);
        WithNulsAsSent(before).AssertSameMail(after);
        AssertEveryShape(after);
        Assert.Contains(System.IO.Directory.EnumerateFiles(Path.Combine(host.TargetRoot, user), "*", SearchOption.AllDirectories),
            file => File.ReadAllBytes(file).AsSpan().SequenceEqual(MessageShapes.NulBytes));
    }

    [Fact]
    public async Task An_IMAP_to_IMAP_move_carries_NUL_bytes_byte_for_byte_and_leaves_0x80_bytes_that_are_data_alone()
    {
        var user = await DovecotPair.NewUserAsync("nul", dovecot.Source, dovecot.Target);
        OutgoingMessage[] messages =
        [
            Nul(),
            MalformedMail.Message("data", MessageShapes.EightyBytesOfData, Date.AddDays(1), MessageFlags.Answered, ["Urgent"]),
            MalformedMail.Message("base64", MessageShapes.Base64UnderEightyByte, Date.AddDays(2), MessageFlags.Seen, []),
        ];
        await using (var source = await OpenAsync(dovecot.Source, user))
            await AppendAllAsync(source, FolderPath.Inbox, messages);
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        await AddUserAsync(host, user, SourceImap);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep)));

        host.AssertStatus(details, MoveStatus.Completed);
        // Dovecot shows the NULs as 0x80 to both snapshots, so they compare flags, keywords and dates; the files, the bytes.
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        var stored = System.IO.Directory.EnumerateFiles(dovecot.Target.MaildirOf(user), "*", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new").Select(Sha256OfFile).Order(StringComparer.Ordinal);
        var sent = new[] { MessageShapes.NulBytes, MessageShapes.EightyBytesOfData, MessageShapes.Base64UnderEightyByte }
            .Select(b => Convert.ToHexString(SHA256.HashData(b))).Order(StringComparer.Ordinal);
        Assert.Equal(sent, stored);
    }

    [Fact]
    public async Task A_message_the_target_refuses_is_the_one_bad_item_in_the_servers_words_and_every_other_message_arrives()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var target = await DovecotServer.StartAsync("quota", new DovecotServerOptions { MaxMessageSize = 50_000 });
        var user = await DovecotPair.NewUserAsync("refused", dovecot.Source, target);
        var big = Encoding.ASCII.GetBytes("Subject: over the target's limit\r\n\r\n" + new string('x', 60_000) + "\r\n");
        var small = Shapes().Where(m => m.Size < 50_000).ToList();
        await using (var source = await OpenAsync(dovecot.Source, user))
        {
            await AppendAllAsync(source, FolderPath.Inbox, small[..3]);
            await AppendAllAsync(source, FolderPath.Inbox, [MalformedMail.Message("big", big, Date)]);
            await AppendAllAsync(source, FolderPath.Inbox, small[3..]);
        }
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, target);
        await AddUserAsync(host, user, SourceImap);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(BadItemLimit: 1, PurgeMode: PurgeMode.Keep));
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Stalled);
        await using var db = await host.DbAsync();
        var bad = await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Message && i.State != InventoryState.Moved).ToListAsync(ct);
        Assert.Equal(big.Length, Assert.Single(bad).Size);
        Assert.StartsWith("the server refused the message: No [LIMIT] Mail size is larger than the maximum size allowed by server configuration",
            bad[0].LastError);
        var bigHash = ImapMailboxReader.Sha256AsImap(new MemoryStream(big));
        var expected = before.Messages.Where(m => m.Sha256 != bigHash).Select(m => m.ToString()).Order(StringComparer.Ordinal);
        var arrived = (await ImapMailboxReader.SnapshotAsync(target, user)).Messages.Select(m => m.ToString()).Order(StringComparer.Ordinal);
        Assert.Equal(expected, arrived);
    }

    public void Dispose() => _data.Dispose();

    private static OutgoingMessage Nul() =>
        MalformedMail.Message("nul", MessageShapes.NulBytes, Date.AddHours(12), MessageFlags.Flagged, ["$Forwarded"]);

    /// <summary>The snapshot with the NUL message's bytes as sent: read over IMAP, Dovecot shows its NULs as 0x80.</summary>
    private static MailboxSnapshot WithNulsAsSent(MailboxSnapshot snapshot)
    {
        var shown = ImapMailboxReader.Sha256AsImap(new MemoryStream(MessageShapes.AsDovecotShowsIt(MessageShapes.NulBytes)));
        var sent = ImapMailboxReader.Sha256AsImap(new MemoryStream(MessageShapes.NulBytes));
        return snapshot with
        {
            Messages = [.. snapshot.Messages.Select(m => m.Sha256 == shown ? m with { Sha256 = sent } : m).OrderBy(m => m.ToString(), StringComparer.Ordinal)],
        };
    }

    private static string Sha256OfFile(string path) => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));

    /// <summary>Each shape in the Inbox, a minute apart, some with flags and keywords.</summary>
    private static List<OutgoingMessage> Shapes() =>
        MessageShapes.All.Select((m, i) => MalformedMail.Message($"shape-{i}", m.Value, Date.AddMinutes(i),
            i % 2 == 0 ? MessageFlags.Seen | MessageFlags.Flagged : MessageFlags.None, i % 3 == 0 ? ["$Forwarded", "Urgent"] : [])).ToList();

    private static void AssertEveryShape(MailboxSnapshot target)
    {
        var hashes = target.Messages.Select(m => m.Sha256).ToHashSet(StringComparer.Ordinal);
        Assert.All(MessageShapes.All, shape => Assert.True(hashes.Contains(ImapMailboxReader.Sha256AsImap(new MemoryStream(shape.Value))),
            $"the shape \"{shape.Key}\" did not arrive byte for byte"));
    }

    private Task<MoveCenterHost> StartHostAsync(bool demo) =>
        MoveCenterHost.StartAsync(_data, new HostSettings { Demo = demo, Users = 3, MessagesPerUser = 20 });
}
