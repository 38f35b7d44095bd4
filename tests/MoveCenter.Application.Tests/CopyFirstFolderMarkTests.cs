using System.Collections.Concurrent;
using MailKit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;
using ImapFlags = MailKit.MessageFlags;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Incremental syncs that ask each source folder only for what changed since its mark (IMAP CONDSTORE), and sources
/// that keep no marks, which are compared whole: both carry every change.
/// </summary>
public sealed class CopyFirstFolderMarkTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";

    private readonly TestDataFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sync_broken_off_after_its_change_pass_finds_what_it_had_not_recorded_on_the_next_pass()
    {
        var user = await DovecotPair.NewUserAsync("marks", dovecot.Source, dovecot.Target);
        var source = new SourceLostAtMarkRead();
        var (host, moveId) = await SyncedAsync(dovecot.Source, user, new DemoMailboxSpec(19, 40), source.Install);
        await using var stopped = host;
        Assert.All(await FolderMarksAsync(host, moveId), Assert.NotNull);

        using (var edits = await SourceEdits.OpenAsync(dovecot.Source, user))
        {
            var inbox = await edits.FolderAsync();
            await edits.StoreAsync(inbox, [.. (await edits.UidsAsync(inbox)).Take(2)], StoreAction.Add, ImapFlags.Flagged);
            await edits.AppendAsync(inbox, "<between-passes@marks.test>");
        }
        source.Arm();
        var details = await SyncNowAsync(host, moveId);

        Assert.False(source.Armed, "the sync never reached the new-arrivals pass");
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.Waiting && h.Message.Contains(SourceLostAtMarkRead.Lost, StringComparison.Ordinal));
        await AssertTargetEqualsSourceAsync(dovecot.Source, user);
    }

    [Fact]
    public async Task An_incremental_sync_lists_only_the_folders_that_changed_since_their_marks()
    {
        var user = await DovecotPair.NewUserAsync("onlychanged", dovecot.Source, dovecot.Target);
        var source = new ListingRecorder();
        var (host, moveId) = await SyncedAsync(dovecot.Source, user, new DemoMailboxSpec(20, 30), source.Install);
        await using var stopped = host;

        using (var edits = await SourceEdits.OpenAsync(dovecot.Source, user))
            await edits.AppendAsync(await edits.FolderAsync(), "<only-the-inbox@marks.test>");
        source.Listed.Clear();
        source.Compared.Clear();
        await SyncNowAsync(host, moveId);

        Assert.Equal([FolderPath.Inbox.ToString()], source.Compared.Distinct());
        Assert.Equal([FolderPath.Inbox.ToString()], source.Listed.Distinct());
        await AssertTargetEqualsSourceAsync(dovecot.Source, user);
    }

    [Fact]
    public async Task A_source_without_CONDSTORE_is_compared_whole_and_every_change_still_reaches_the_target()
    {
        await using var plain = await DovecotServer.StartAsync("nomodseq", new DovecotServerOptions { WithoutModSequences = true });
        var user = await DovecotPair.NewUserAsync("nomodseq", plain, dovecot.Target);
        var (host, moveId) = await SyncedAsync(plain, user, new DemoMailboxSpec(14, 80));
        await using var stopped = host;

        using (var edits = await SourceEdits.OpenAsync(plain, user))
        {
            var inbox = await edits.FolderAsync();
            var uids = await edits.UidsAsync(inbox);
            await edits.ExpungeAsync(inbox, [.. uids.Take(2)]);
            await edits.StoreAsync(inbox, [.. uids.Skip(2).Take(3)], StoreAction.Add, ImapFlags.Flagged | ImapFlags.Answered);
            await edits.StoreAsync(inbox, [.. uids.Skip(5).Take(2)], StoreAction.Add, ImapFlags.None, "$Important");
            await edits.AppendAsync(inbox, "<plain-arrival@marks.test>");
            await edits.RenameAsync(await edits.FolderAsync("Archive", "2019"), "Old 2019");
            await edits.DeleteAsync(await edits.FolderAsync("Archive", "2020"));
        }
        await SyncNowAsync(host, moveId);

        await AssertTargetEqualsSourceAsync(plain, user);
        Assert.All(await FolderMarksAsync(host, moveId), Assert.Null);
    }

    /// <summary>The user's mailbox filled at the source and moved copy-first until it is Synced; the caller stops the host.</summary>
    private async Task<(MoveCenterHost Host, Guid MoveId)> SyncedAsync(ITestImapServer source, string user, DemoMailboxSpec spec, Action<IServiceCollection>? decorate = null)
    {
        await FillAsync(source, user, spec with { IncludeLargeAttachments = false });
        var host = await StartHostAsync(_data, demo: false, decorate);
        try
        {
            await AddImapPostOfficeAsync(host, SourceImap, source);
            await AddImapPostOfficeAsync(host, TargetImap, dovecot.Target);
            await AddUserAsync(host, user, SourceImap);
            var moveId = await host.QueueAsync(user, TargetImap, new QueueMoveOptions(Mode: MoveMode.CopyFirst));
            await host.WaitForAsync(moveId, m => m.Status == MoveStatus.Synced, "synced");
            return (host, moveId);
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task AssertTargetEqualsSourceAsync(ITestImapServer source, string user) =>
        (await ImapMailboxReader.SnapshotAsync(source, user)).AssertSameMail(await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));

    private static async Task<List<string?>> FolderMarksAsync(MoveCenterHost host, Guid moveId)
    {
        await using var db = await host.DbAsync();
        return await db.InventoryItems.Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Folder).Select(i => i.SyncMark).ToListAsync(Ct);
    }

    /// <summary>
    /// The source stops answering once, when armed, as a folder's mark is read: in an incremental sync that is the
    /// new-arrivals pass, after the change pass has applied and saved what it found and before anything new is listed.
    /// </summary>
    private sealed class SourceLostAtMarkRead() : MailStoreDouble(SourceImap)
    {
        public const string Lost = "the connection was lost while the folder was opened";

        private int _armed;

        public bool Armed => Volatile.Read(ref _armed) == 1;

        public void Arm() => Volatile.Write(ref _armed, 1);

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, SourceLostAtMarkRead owner) : DelegatingMailboxSession(inner)
        {
            public override Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) =>
                Interlocked.Exchange(ref owner._armed, 0) == 1
                    ? throw new PostOfficeUnavailableException(Lost)
                    : Inner.ReadMarkAsync(folder, cancellationToken);
        }
    }

    /// <summary>The real source, recording which folders were listed (message summaries) and which had changes to compare.</summary>
    private sealed class ListingRecorder() : MailStoreDouble(SourceImap)
    {
        public ConcurrentQueue<string> Listed { get; } = new();

        public ConcurrentQueue<string> Compared { get; } = new();

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, ListingRecorder owner) : DelegatingMailboxSession(inner)
        {
            public override IAsyncEnumerable<Connectors.MessageSummary> ListMessagesAsync(FolderPath folder, Func<string, bool> wanted, CancellationToken cancellationToken)
            {
                owner.Listed.Enqueue(folder.ToString());
                return Inner.ListMessagesAsync(folder, wanted, cancellationToken);
            }

            public override async Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken)
            {
                var changes = await Inner.ListChangesAsync(folder, since, cancellationToken);
                if (!changes.Unchanged) owner.Compared.Enqueue(folder.ToString());
                return changes;
            }
        }
    }

    public void Dispose() => _data.Dispose();
}
