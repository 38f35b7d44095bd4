using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapPostOffices;

namespace MoveCenter.Application.Tests;

/// <summary>Moves through the engine with IMAP post offices on real Dovecots, checked through independent IMAP sessions.</summary>
public sealed class ImapMoveTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";

    private static readonly MovePhase[] AllPhases =
        [MovePhase.Preflight, MovePhase.AdminRename, MovePhase.Inventory, MovePhase.ItemRequest, MovePhase.FinalSync, MovePhase.Purge];

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task An_IMAP_to_IMAP_move_of_two_thousand_messages_arrives_with_the_same_bytes_flags_dates_folders_and_subscriptions()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await DovecotPair.NewUserAsync("mover", dovecot.Source, dovecot.Target);
        var big = Path.Combine(_data.Path, "big.eml");
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(31, 2000) { BatchSize = 200 }, async mailbox =>
        {
            await AppendAllAsync(mailbox, FolderPath.Inbox, MalformedMail.Outgoing());
            await AppendAllAsync(mailbox, FolderPath.Of("Projects", "Alpha", "Specs"), MalformedMail.Outgoing());
            await AppendAllAsync(mailbox, FolderPath.Of("日本語"), MalformedMail.Outgoing().Take(3).ToList());
            await AppendAllAsync(mailbox, FolderPath.Of("Archive", "2021"), [MalformedMail.Big(big, 25 * 1024 * 1024)]);
        });
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        Assert.True(before.Messages.Count >= 2000, $"only {before.Messages.Count} messages at the source");
        Assert.Contains(before.Folders, f => f.Path == "Projects/Alpha/Specs");
        Assert.Contains(before.Folders, f => f.Path == "Проекты");
        Assert.Contains(before.Folders, f => !f.Subscribed);
        Assert.Contains(before.Messages, m => m.Keywords.Contains("$Forwarded", StringComparison.Ordinal));

        await using var host = await StartHostAsync(demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        await AddUserAsync(host, user, SourceImap);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Source, user));
        AssertEveryPhaseRan(details);
        Assert.Equal(before.Messages.Count + before.Folders.Count, details.Summary.ItemsMoved);
        Assert.Equal(0, details.Summary.ItemsRemaining);

        await using var db = await host.DbAsync();
        var target = await host.PostOfficeAsync(TargetImap);
        var directoryUser = await db.DirectoryUsers.AsNoTracking().SingleAsync(u => u.UserId == user, ct);
        Assert.Equal(target.Id, directoryUser.PostOfficeId);
        Assert.False(directoryUser.InTransit);
    }

    [Fact]
    public async Task An_IMAP_to_IMAP_move_of_messages_of_every_shape_completes_without_bad_items_and_with_the_same_bytes()
    {
        var user = await DovecotPair.NewUserAsync("shapes", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(67, 20) { IncludeLargeAttachments = false }, mailbox =>
            AppendAllAsync(mailbox, FolderPath.Inbox, MessageShapes.All.Select((m, i) => MalformedMail.Message($"shape-{i}", m.Value,
                DateTimeOffset.UnixEpoch.AddDays(i))).ToList()));
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        await AddUserAsync(host, user, SourceImap);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.DoesNotContain(details.History, h => h.Kind == MoveEventKind.ItemFailed);
        Assert.Equal(0, details.Summary.ItemsSkipped);
        var after = await ImapMailboxReader.SnapshotAsync(dovecot.Target, user);
        before.AssertSameMail(after);
        // Every bare LF as CRLF, the one change IMAP makes.
        var hashes = after.Messages.Select(m => m.Sha256).ToHashSet(StringComparer.Ordinal);
        Assert.All(MessageShapes.All, shape => Assert.True(hashes.Contains(ImapMailboxReader.Sha256AsImap(new MemoryStream(shape.Value))), shape.Key));
    }

    [Fact]
    public async Task A_Maildir_to_IMAP_move_arrives_with_the_same_mail_as_IMAP_carries_it()
    {
        const string user = "UserA";
        await dovecot.Target.AddUserAsync(user, "user-secret");
        await using var host = await StartHostAsync(demo: true);
        // Taken before the move: the purge deletes the source. Bare LFs become CRLF over IMAP, so the hash is of that form.
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, user, asImap: true);
        Assert.Empty(before.UnreadableKeys);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);

        var moveId = await host.QueueAsync(user, TargetImap);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        Assert.False(System.IO.Directory.Exists(_data.MailboxPath(DemoDirectorySeeder.SourcePostOffice, user)), "the source mailbox was not purged");
        AssertEveryPhaseRan(details);
    }

    [Fact]
    public async Task An_IMAP_to_Maildir_move_arrives_with_the_same_mail_and_empties_the_source()
    {
        var user = await DovecotPair.NewUserAsync("tomaildir", dovecot.Source);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(47, 300) { BatchSize = 100 },
            mailbox => AppendAllAsync(mailbox, FolderPath.Inbox, MalformedMail.Outgoing()));
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: true);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddUserAsync(host, user, SourceImap);

        var moveId = await host.QueueAsync(user, DemoDirectorySeeder.TargetPostOffice);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, user, asImap: true));
        AssertEveryPhaseRan(details);
        var purged = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        Assert.Equal([""], purged.Folders.Select(f => f.Path));
        Assert.Empty(purged.Messages);
    }

    [Fact]
    public async Task A_wrong_admin_password_on_the_target_fails_the_move_in_preflight_saying_so_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await DovecotPair.NewUserAsync("badpw", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(53, 60) { IncludeLargeAttachments = false });
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await using var host = await StartHostAsync(demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target, adminPassword: "not-the-master-password");
        await AddUserAsync(host, user, SourceImap);
        var source = await host.PostOfficeAsync(SourceImap);

        var moveId = await host.QueueAsync(user, TargetImap);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Failed);
        Assert.Equal(MovePhase.Preflight, details.Summary.Phase);
        var reason = details.Summary.LastError ?? "";
        TestContext.Current.TestOutputHelper?.WriteLine(reason);
        Assert.StartsWith("Preflight:", reason);
        Assert.Contains(TargetImap, reason);
        Assert.Contains("refused", reason);
        Assert.Contains("credentials", reason);
        Assert.Contains(dovecot.Target.MasterUser, reason);

        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Source, user));
        // Nobody logged in as the user at the target: Dovecot would have made the Maildir at the first login.
        Assert.False(System.IO.Directory.Exists(dovecot.Target.MaildirOf(user)), "something logged in to the target mailbox");

        await using var db = await host.DbAsync();
        var directoryUser = await db.DirectoryUsers.AsNoTracking().SingleAsync(u => u.UserId == user, ct);
        Assert.Equal(source.Id, directoryUser.PostOfficeId);
        Assert.False(directoryUser.InTransit);
        Assert.False(await db.Nicknames.AnyAsync(n => n.UserId == user, ct));
        Assert.False(await db.InventoryItems.AnyAsync(i => i.MoveId == moveId, ct));
    }

    [Fact]
    public async Task A_target_server_stopped_mid_move_makes_the_move_wait_and_once_it_is_back_the_move_completes_with_each_message_once()
    {
        var user = await DovecotPair.NewUserAsync("outage", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(61, 800) { IncludeLargeAttachments = false, BatchSize = 200 },
            mailbox => AppendAllAsync(mailbox, FolderPath.Inbox, MalformedMail.Outgoing()));
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        var sourceIdentities = await ImapMailboxReader.IdentitiesAsync(dovecot.Source, user);
        var probe = new TargetDeliveryProbe(TargetImap) { Fault = ProbeFault.HoldUntilReleased, FaultAfter = 150 };
        await using var host = await StartHostAsync(demo: false, probe.Install);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        await AddUserAsync(host, user, SourceImap);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
        await probe.Faulted.WaitAsync(MoveCenterHost.WaitLimit, TestContext.Current.CancellationToken);
        dovecot.Target.Stop();
        probe.Release();
        MoveDetails waiting;
        try
        {
            waiting = await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Waiting, "to wait for the stopped target");
        }
        finally
        {
            await dovecot.Target.StartAgainAsync();
        }

        var reason = waiting.Summary.WaitReason ?? "";
        TestContext.Current.TestOutputHelper?.WriteLine(reason);
        Assert.Contains(TargetImap, reason);
        Assert.Contains("did not answer", reason);
        Assert.Contains("next try", reason);
        Assert.Equal(MovePhase.ItemRequest, waiting.Summary.Phase);
        Assert.Contains(waiting.History, h => h.Kind == MoveEventKind.Waiting && h.Message.Contains(TargetImap, StringComparison.Ordinal));

        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        var targetIdentities = await ImapMailboxReader.IdentitiesAsync(dovecot.Target, user);
        Assert.Equal(
            sourceIdentities.GroupBy(i => i.Folder).ToDictionary(g => g.Key, g => g.Count()),
            targetIdentities.GroupBy(i => i.Folder).ToDictionary(g => g.Key, g => g.Count()));
        var doubled = targetIdentities.GroupBy(i => i).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(doubled.Count == 0, "delivered twice: " + string.Join("; ", doubled));
        Assert.Equal(Sorted(sourceIdentities), Sorted(targetIdentities));
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        Assert.All(probe.DeliveriesByKey, d => Assert.True(d.Value == 1, $"{d.Key} was delivered {d.Value} times"));
    }

    public void Dispose() => _data.Dispose();

    private static IEnumerable<string> Sorted(IEnumerable<MessageIdentity> identities) =>
        identities.Select(i => i.ToString()).Order(StringComparer.Ordinal);

    private static void AssertEveryPhaseRan(MoveDetails details)
    {
        foreach (var phase in AllPhases)
        {
            Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseStarted && h.Message.StartsWith(phase.DisplayName() + " ", StringComparison.Ordinal));
            Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith(phase.DisplayName() + " completed", StringComparison.Ordinal));
        }
        Assert.Equal(MoveEventKind.Completed, details.History[^1].Kind);
    }

    private Task<MoveCenterHost> StartHostAsync(bool demo, Action<IServiceCollection>? decorate = null) =>
        MoveCenterHost.StartAsync(_data, new HostSettings
        {
            Demo = demo,
            Users = 2,
            MessagesPerUser = 150,
            LargeAttachments = true,
            BlockSize = 100,
            Configuration = new Dictionary<string, string?>
            {
                // Seconds instead of the production 15 minutes; enough tries that a restarted server is found in time.
                ["MoveCenter:Engine:Retry:NoServerInterval"] = "00:00:01",
                ["MoveCenter:Engine:Retry:NoServerTries"] = "1000",
                ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:01",
            },
        }, decorate);

    /// <summary>Fills a mailbox through the product's IMAP connector: demo mail, then whatever <paramref name="more"/> appends.</summary>
    private static async Task FillAsync(DovecotServer server, string user, DemoMailboxSpec spec, Func<IMailboxSession, Task>? more = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mailbox = await OpenAsync(server, user);
        await new DemoMailboxGenerator().GenerateAsync(mailbox, spec, ct);
        if (more is not null) await more(mailbox);
    }
}
