using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// A move opens one connection pair per block it has to move, up to <c>ConnectionsPerMove</c>: a small mailbox, or a final
/// sync with nothing new, logs in once per side instead of four times, which is most of a small move's cost at a busy server.
/// </summary>
public sealed class ConnectionLaneTests
{
    [Theory]
    [InlineData(20, 1)]
    [InlineData(120, 2)]
    [InlineData(400, 4)]
    public async Task A_move_opens_as_many_source_sessions_at_once_as_it_has_blocks_up_to_the_connections_per_move(int messages, int expected)
    {
        using var data = new TestDataFolder();
        var sessions = new OpenSessions(DemoDirectorySeeder.SourcePostOffice);
        await using var host = await MoveCenterHost.StartAsync(data, new HostSettings
        {
            // The last demo user has an unreadable message; the first moves whole.
            Users = 2,
            MessagesPerUser = messages,
            BlockSize = 100,
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:ConnectionsPerMove"] = "4" },
        }, sessions.Install);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(DemoDirectorySeeder.UserName(0)));

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(expected, sessions.MostAtOnce);
    }

    [Fact]
    public async Task A_final_sync_that_finds_nothing_new_opens_no_session_at_the_target()
    {
        using var data = new TestDataFolder();
        var sessions = new OpenSessions(DemoDirectorySeeder.TargetPostOffice);
        await using var host = await MoveCenterHost.StartAsync(data, new HostSettings { Users = 2, MessagesPerUser = 20 }, sessions.Install);

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(DemoDirectorySeeder.UserName(0)));

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Contains(details.History, e => e.Kind == MoveEventKind.PhaseCompleted && e.Message.StartsWith("Final sync", StringComparison.Ordinal));
        // Preflight (is the target mailbox empty?), admin rename (create it) and item request (deliver): none in final sync.
        Assert.Equal(3, sessions.Opened);
    }

    /// <summary>Counts the sessions opened on the post office's mailboxes, and those open at the same moment.</summary>
    private sealed class OpenSessions(string postOffice) : MailStoreDouble(postOffice)
    {
        private int _open;
        private int _opened;
        private int _mostAtOnce;

        public int MostAtOnce => Volatile.Read(ref _mostAtOnce);

        public int Opened => Volatile.Read(ref _opened);

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId)
        {
            Interlocked.Increment(ref _opened);
            var open = Interlocked.Increment(ref _open);
            int most;
            while (open > (most = Volatile.Read(ref _mostAtOnce)) && Interlocked.CompareExchange(ref _mostAtOnce, open, most) != most) { }
            return new Counted(session, this);
        }

        private sealed class Counted(IMailboxSession inner, OpenSessions owner) : DelegatingMailboxSession(inner)
        {
            public override async ValueTask DisposeAsync()
            {
                Interlocked.Decrement(ref owner._open);
                await base.DisposeAsync();
            }
        }
    }
}
