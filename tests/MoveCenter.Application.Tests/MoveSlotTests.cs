using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Move slots: a post office runs at most its limit of moves at once, however many nodes share the database. The peak is
/// read from the moves' history in commit order (when each move began running and when it stopped), not from timing.
/// </summary>
public sealed class MoveSlotTests : IDisposable
{
    private const int Slots = 2;
    private static readonly string[] Users = ["UserA", "UserB", "UserC", "UserD", "UserE"];
    private readonly TestDataFolder _data = new();

    private static HostSettings Settings(string nodeId) => new()
    {
        // UserF, the last demo user, has the unreadable item; the five moved here are clean.
        Users = 6,
        MessagesPerUser = 40,
        NodeId = nodeId,
        Configuration = new Dictionary<string, string?>
        {
            // More workers than slots, so only the slots can hold the moves back.
            ["MoveCenter:Engine:WorkerCount"] = "5",
            ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:00.300",
        },
    };

    [Fact]
    public async Task Five_moves_to_a_post_office_with_two_slots_never_run_more_than_two_at_once_and_all_complete()
    {
        await using var host = await MoveCenterHost.StartAsync(_data, Settings("node-a"));
        await LimitTargetAsync(host);

        var moves = new List<Guid>();
        foreach (var user in Users) moves.Add(await host.QueueAsync(user));

        await AssertAllCompleteWithinTheLimitAsync(host, moves);
    }

    [Fact]
    public async Task Two_hosts_sharing_the_database_together_never_run_more_than_two_moves_on_the_post_office()
    {
        var firstTarget = new SessionCounter();
        var secondTarget = new SessionCounter();
        await using var first = await MoveCenterHost.StartAsync(_data, Settings("node-a"), firstTarget.Install);
        await LimitTargetAsync(first);
        await using var second = await MoveCenterHost.StartAsync(_data, Settings("node-b"), secondTarget.Install);

        // Each host queues (and so dispatches) some of the moves, so both run moves at the same time.
        var moves = new List<Guid>();
        for (var i = 0; i < Users.Length; i++) moves.Add(await (i % 2 == 0 ? first : second).QueueAsync(Users[i]));

        await AssertAllCompleteWithinTheLimitAsync(first, moves);
        Assert.True(firstTarget.Opened > 0 && secondTarget.Opened > 0,
            $"both hosts should have worked on moves (sessions opened at the target: {firstTarget.Opened} and {secondTarget.Opened})");
    }

    private static async Task LimitTargetAsync(MoveCenterHost host)
    {
        await using var db = await host.DbAsync();
        await db.PostOffices.Where(p => p.Name == DemoDirectorySeeder.TargetPostOffice)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxConcurrentMoves, Slots), TestContext.Current.CancellationToken);
    }

    private static async Task AssertAllCompleteWithinTheLimitAsync(MoveCenterHost host, IReadOnlyList<Guid> moves)
    {
        foreach (var moveId in moves) host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        await using var db = await host.DbAsync();
        var history = await db.MoveEvents.AsNoTracking().Where(e => moves.Contains(e.MoveId)).OrderBy(e => e.Id)
            .Select(e => new { e.MoveId, e.Kind, e.Message }).ToListAsync(TestContext.Current.CancellationToken);
        var running = new HashSet<Guid>();
        var peak = 0;
        foreach (var entry in history)
        {
            if (entry.Kind == MoveEventKind.PhaseStarted) running.Add(entry.MoveId);
            else if (entry.Kind is MoveEventKind.Waiting or MoveEventKind.Stalled or MoveEventKind.Completed or MoveEventKind.Failed
                     or MoveEventKind.Cancelled or MoveEventKind.AutomaticRestart) running.Remove(entry.MoveId);
            peak = Math.Max(peak, running.Count);
        }

        Assert.True(peak <= Slots, $"{peak} moves ran on {DemoDirectorySeeder.TargetPostOffice} at once; it has {Slots} move slots");
        Assert.Contains(history, h => h.Kind == MoveEventKind.Waiting
            && h.Message.StartsWith($"target post office {DemoDirectorySeeder.TargetPostOffice} has all {Slots} move slots in use; next try ", StringComparison.Ordinal));
    }

    /// <summary>Counts the target sessions a host opened: proof that the host worked on moves.</summary>
    private sealed class SessionCounter() : MailStoreDouble(DemoDirectorySeeder.TargetPostOffice)
    {
        private int _opened;

        public int Opened => Volatile.Read(ref _opened);

        protected override IMailboxSession Wrap(IMailboxSession session)
        {
            Interlocked.Increment(ref _opened);
            return session;
        }
    }

    public void Dispose() => _data.Dispose();
}
