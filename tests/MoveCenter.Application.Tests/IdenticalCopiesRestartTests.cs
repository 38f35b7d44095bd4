using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Invariant 2, copies not merged: identical messages (same bytes, Message-ID, date, size) whose delivery outcome a
/// crash left unknown are counted at the target, so each one the target does not hold beyond its recorded copies is
/// sent again.
/// </summary>
public sealed class IdenticalCopiesRestartTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private const string SourceImap = "SourceIMAP";
    private const string TargetImap = "TargetIMAP";
    private const int BlockSize = 6;
    private const int LetThroughOfCrashedBlock = 3;

    private static readonly DateTimeOffset Date = new(2023, 5, 17, 9, 30, 0, TimeSpan.Zero);

    /// <summary>
    /// In the source's order, one block at a time: the first block delivers one X; the second (X Y Z X Y Z) crashes
    /// after X, Y and Z arrived, leaving a second X, a pair and a triple with unknown outcomes, where the target holds
    /// two X (one recorded), one Y and one Z.
    /// </summary>
    private static readonly string[] Order = ["X", "a", "b", "c", "d", "e", "X", "Y", "Z", "X", "Y", "Z", "Z", "W", "W", "f"];

    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task After_a_crash_mid_block_an_IMAP_target_holds_as_many_copies_of_each_identical_message_as_the_source()
    {
        var user = await DovecotPair.NewUserAsync("copies", dovecot.Source, dovecot.Target);
        var before = await MoveAcrossCrashAsync(user, TargetImap);

        AssertSameCopies(before, await ImapMailboxReader.SnapshotAsync(dovecot.Target, user));
    }

    [Fact]
    public async Task After_a_crash_mid_block_a_Maildir_target_holds_as_many_copies_of_each_identical_message_as_the_source()
    {
        var user = await DovecotPair.NewUserAsync("copies", dovecot.Source);
        var before = await MoveAcrossCrashAsync(user, DemoDirectorySeeder.TargetPostOffice);

        AssertSameCopies(before, await MailboxSnapshot.TakeAsync(_data.PostOfficeRoot(DemoDirectorySeeder.TargetPostOffice), user, asImap: true));
    }

    private async Task<MailboxSnapshot> MoveAcrossCrashAsync(string user, string targetPostOffice)
    {
        var ct = TestContext.Current.CancellationToken;
        await FillSourceAsync(user);
        var before = await ImapMailboxReader.SnapshotAsync(dovecot.Source, user);
        var crash = new CrashMidBlock(targetPostOffice);
        Guid moveId;
        await using (var first = await StartHostAsync(crash.Install))
        {
            await AddImapPostOfficeAsync(first, SourceImap, dovecot.Source);
            await AddImapPostOfficeAsync(first, TargetImap, dovecot.Target);
            await AddUserAsync(first, user, SourceImap);
            moveId = await first.QueueAsync(user, targetPostOffice, new QueueMoveOptions(PurgeMode: PurgeMode.Keep));
            await crash.Crashed.WaitAsync(MoveCenterHost.WaitLimit, ct);

            await using var db = await first.DbAsync();
            Assert.Equal(BlockSize, await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.InFlight, ct));
        }

        await using var second = await StartHostAsync();
        var details = await second.WaitUntilSettledAsync(moveId);
        second.AssertStatus(details, MoveStatus.Completed);
        return before;
    }

    private static void AssertSameCopies(MailboxSnapshot source, MailboxSnapshot target)
    {
        Assert.Equal(CopiesPerContent(source), CopiesPerContent(target));
        Assert.Equal(3, CopiesPerContent(source).Values.Max());
    }

    private static SortedDictionary<string, int> CopiesPerContent(MailboxSnapshot snapshot) =>
        new(snapshot.Messages.GroupBy(m => m.Sha256).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    private async Task FillSourceAsync(string user)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mailbox = await OpenAsync(dovecot.Source, user);
        var messages = Order.Select((name, i) => MalformedMail.Message($"copy-{i}", Content(name), Date.AddMinutes(name[0]))).ToList();
        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox, messages, ct);
        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
    }

    private static byte[] Content(string name) => Encoding.ASCII.GetBytes(
        $"Message-ID: <{name}@copies.example>\r\nFrom: a@copies.example\r\nSubject: {name}\r\n\r\nThe same body for every copy of {name}.\r\n");

    private Task<MoveCenterHost> StartHostAsync(Action<IServiceCollection>? decorate = null) =>
        MoveCenterHost.StartAsync(_data, new HostSettings
        {
            Users = 1,
            MessagesPerUser = 5,
            BlockSize = BlockSize,
            // One lane, so the blocks go in the source's order and the crash hits the block described above.
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:ConnectionsPerMove"] = "1" },
        }, decorate);

    public void Dispose() => _data.Dispose();

    /// <summary>
    /// Lets the first block through, then delivers the start of the second and dies before the append returns, as a
    /// worker does whose process is killed mid-block: the database never learns which of the block arrived.
    /// </summary>
    private sealed class CrashMidBlock(string postOffice) : MailStoreDouble(postOffice)
    {
        private readonly TaskCompletionSource _crashed = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _appends;

        public Task Crashed => _crashed.Task;

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, CrashMidBlock owner) : DelegatingMailboxSession(inner)
        {
            public override async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
                FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
            {
                var append = Interlocked.Increment(ref owner._appends);
                if (append == 1) return await Inner.AppendAsync(folder, messages, cancellationToken);
                // A dead worker delivers nothing more, whatever its remains still try.
                if (append == 2) await Inner.AppendAsync(folder, messages.Take(LetThroughOfCrashedBlock).ToList(), cancellationToken);
                owner._crashed.TrySetResult();
                throw new LeaseLostException(Guid.Empty);
            }
        }
    }
}
