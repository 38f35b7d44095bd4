using MailKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;
using ImapFlags = MailKit.MessageFlags;

namespace MoveCenter.Application.Tests;

/// <summary>Copy-first moves between real Dovecots: the user works on the source while syncs carry every change, then the cutover.</summary>
public sealed class CopyFirstMoveTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";

    private readonly TestDataFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_change_at_the_source_reaches_the_target_by_the_next_sync_and_the_cutover_leaves_the_target_equal_to_the_source()
    {
        var user = await DovecotPair.NewUserAsync("copyfirst", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(14, 80) { IncludeLargeAttachments = false });
        await using var host = await StartAsync(user);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst));
        await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");

        await AssertHomeAsync(host, user, SourceImap);
        await AssertTargetEqualsSourceAsync(user);
        using (var edits = await SourceEdits.OpenAsync(dovecot.Source, user))
        {
            var inbox = await edits.FolderAsync();
            var uids = await edits.UidsAsync(inbox);
            await edits.ExpungeAsync(inbox, [.. uids.Take(3)]);
            await edits.StoreAsync(inbox, [.. uids.Skip(3).Take(4)], StoreAction.Add, ImapFlags.Flagged | ImapFlags.Answered);
            await edits.StoreAsync(inbox, [.. uids.Skip(7).Take(2)], StoreAction.Add, ImapFlags.None, "$Important", "Later");
            await edits.StoreAsync(inbox, [.. uids.Skip(9).Take(2)], StoreAction.Remove, ImapFlags.Seen);
            await edits.RenameAsync(await edits.FolderAsync("Archive", "2019"), "Old 2019");
            await edits.DeleteAsync(await edits.FolderAsync("Archive", "2020"));
        }
        await AppendAsync(user, FolderPath.Inbox, 0, 3);
        await SyncNowAsync(host, moveId);

        await AssertHomeAsync(host, user, SourceImap);
        await AssertTargetEqualsSourceAsync(user);
        using (var edits = await SourceEdits.OpenAsync(dovecot.Source, user))
        {
            var sent = await edits.FolderAsync("Sent");
            var uids = await edits.UidsAsync(sent);
            await edits.ExpungeAsync(sent, [uids[0]]);
            var inbox = await edits.FolderAsync();
            await edits.StoreAsync(inbox, [.. (await edits.UidsAsync(inbox)).Skip(4).Take(5)], StoreAction.Remove, ImapFlags.None, "$Important");
        }
        await AppendAsync(user, FolderPath.Of("Projects"), 3, 2);
        var atCutover = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        await host.Services.GetRequiredService<CompleteMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, Ct);
        var done = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(done, MoveStatus.Completed);
        atCutover.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        await AssertHomeAsync(host, user, TargetImap);
        var lastSynced = done.History.Last(h => h.Kind == MoveEventKind.Synced);
        var renamed = done.History.Single(h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith("Admin rename completed", StringComparison.Ordinal));
        Assert.True(renamed.Id > lastSynced.Id, "the admin rename came before the last sync");
        Assert.Equal(2, done.History.Count(h => h.Kind == MoveEventKind.Synced));
    }

    [Fact]
    public async Task A_folder_given_a_new_UIDVALIDITY_at_the_source_is_matched_again_and_nothing_is_copied_twice()
    {
        var user = await DovecotPair.NewUserAsync("renumbered", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(15, 60) { IncludeLargeAttachments = false });
        await AppendAsync(user, FolderPath.Of("Archive", "2021"), 0, 2);
        await AppendAsync(user, FolderPath.Of("Archive", "2021"), 0, 2);
        await using var host = await StartAsync(user);
        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst));
        await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");
        var copiedBefore = await TargetUidsAsync(user, "Archive", "2021");

        using (var edits = await SourceEdits.OpenAsync(dovecot.Source, user))
            await edits.RenumberAsync(await edits.FolderAsync("Archive", "2021"));
        var details = await SyncNowAsync(host, moveId);

        await AssertTargetEqualsSourceAsync(user);
        Assert.Equal(copiedBefore, await TargetUidsAsync(user, "Archive", "2021"));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.Contains("found again under new keys", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_synced_move_restarted_entirely_finds_its_own_copies_at_the_target_and_syncs_again_without_doubles()
    {
        var user = await DovecotPair.NewUserAsync("restarted", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(16, 40) { IncludeLargeAttachments = false });
        await using var host = await StartAsync(user);
        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst));
        await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");
        await AppendAsync(user, FolderPath.Inbox, 0, 2);

        await host.Services.GetRequiredService<RestartMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, Ct);
        var details = await host.WaitForAsync(moveId, m => m.Status is MoveStatus.Synced or MoveStatus.Failed or MoveStatus.Stalled, "synced again");

        host.AssertStatus(details, MoveStatus.Synced);
        await AssertTargetEqualsSourceAsync(user);
        await AssertHomeAsync(host, user, SourceImap);
    }

    [Fact]
    public async Task A_synced_move_cuts_over_by_itself_when_its_complete_after_time_comes()
    {
        var user = await DovecotPair.NewUserAsync("timed", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(17, 20) { IncludeLargeAttachments = false });
        await using var host = await StartAsync(user);
        var completeAfter = DateTime.UtcNow.AddSeconds(40);

        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst, CompleteAfter: completeAfter));
        var synced = await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");
        var done = await host.WaitUntilSettledAsync(moveId);

        Assert.Equal(completeAfter, synced.Summary.NotBefore!.Value, TimeSpan.FromSeconds(1));
        host.AssertStatus(done, MoveStatus.Completed);
        Assert.Contains(done.History, h => h.Message.StartsWith("Cutover: completeAfter", StringComparison.Ordinal));
        await AssertHomeAsync(host, user, TargetImap);
    }

    [Fact]
    public async Task A_copy_first_move_from_Maildir_to_IMAP_carries_the_changes_between_syncs_and_purges_the_source_at_the_cutover()
    {
        const string user = "UserA";
        await dovecot.Target.AddUserAsync(user, "user-secret");
        await using var host = await ImapMoves.StartHostAsync(_data, demo: true);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        var maildir = _data.MailboxPath(DemoDirectorySeeder.SourcePostOffice, user);
        var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst));
        await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");
        await AssertHomeAsync(host, user, DemoDirectorySeeder.SourcePostOffice);

        var inbox = System.IO.Directory.GetFiles(Path.Combine(maildir, "cur")).Order(StringComparer.Ordinal).ToList();
        File.Delete(inbox[0]);
        File.Move(inbox[1], WithFlags(inbox[1], "FRS"));
        File.Move(inbox[2], WithFlags(inbox[2], ""));
        System.IO.Directory.Move(Path.Combine(maildir, ".Archive.2019"), Path.Combine(maildir, ".Archive.Old 2019"));
        System.IO.Directory.Delete(Path.Combine(maildir, ".Archive.2020"), recursive: true);
        var arrived = Path.Combine(maildir, "new", "1764900000.M1P1.copyfirst");
        await File.WriteAllTextAsync(arrived, "Message-ID: <late@copyfirst.example>\r\nSubject: late\r\n\r\nArrived between syncs.\r\n", Ct);
        await SyncNowAsync(host, moveId);

        (await MailboxSnapshot.TakeAsync(host.SourceRoot, user, asImap: true)).AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        File.Move(arrived, WithFlags(arrived.Replace("/new/", "/cur/", StringComparison.Ordinal), "S"));
        var atCutover = await MailboxSnapshot.TakeAsync(host.SourceRoot, user, asImap: true);
        await host.Services.GetRequiredService<CompleteMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, Ct);
        var done = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(done, MoveStatus.Completed);
        atCutover.AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
        await AssertHomeAsync(host, user, TargetImap);
        Assert.False(System.IO.Directory.Exists(maildir), "the source mailbox was not purged");
    }

    /// <summary>A Maildir file name with other flag letters (Maildir's info ":2,").</summary>
    private static string WithFlags(string path, string letters) => path.Split(":2,")[0] + ":2," + letters;

    private async Task<MoveCenterHost> StartAsync(string user)
    {
        var host = await ImapMoves.StartHostAsync(_data, demo: false);
        await AddImapPostOfficeAsync(host, SourceImap, dovecot.Source);
        await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
        await AddUserAsync(host, user, SourceImap);
        return host;
    }

    private async Task AppendAsync(string user, FolderPath folder, int first, int count)
    {
        await using var mailbox = await OpenAsync(dovecot.Source, user);
        await AppendAllAsync(mailbox, folder, MalformedMail.Outgoing().Skip(first).Take(count).ToList());
    }

    private async Task AssertTargetEqualsSourceAsync(string user) =>
        (await ImapMailboxReader.SnapshotAsync(dovecot.Source, user)).AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));

    private async Task<IList<UniqueId>> TargetUidsAsync(string user, params string[] folder)
    {
        using var target = await SourceEdits.OpenAsync(dovecot.Target, user);
        return await target.UidsAsync(await target.FolderAsync(folder));
    }

    private static async Task AssertHomeAsync(MoveCenterHost host, string user, string postOffice)
    {
        await using var db = await host.DbAsync();
        var home = await db.DirectoryUsers.AsNoTracking().Where(u => u.UserId == user)
            .Select(u => db.PostOffices.Single(p => p.Id == u.PostOfficeId).Name).SingleAsync(Ct);
        Assert.Equal(postOffice, home);
    }

    public void Dispose() => _data.Dispose();
}
