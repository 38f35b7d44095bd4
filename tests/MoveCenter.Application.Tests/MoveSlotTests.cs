using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>
/// Move slots: a post office runs at most its limit of moves at once, however many nodes share the database. The peak is
/// read from the moves' history in commit order (when each move began running and when it stopped), not from timing.
/// </summary>
public sealed class MoveSlotTests : IDisposable
{
    private const int Slots = 2;
    private const long TargetBytesPerSecond = 100_000_000;
    private static readonly string[] Users = ["UserA", "UserB", "UserC", "UserD", "UserE"];
    private static readonly string SlotsInUse = $"target post office {DemoDirectorySeeder.TargetPostOffice} has all {Slots} move slots in use";
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
        },
    };

    [Fact]
    public async Task Five_moves_to_a_post_office_with_two_slots_never_run_more_than_two_at_once_and_all_complete()
    {
        var gate = new TargetGate();
        await using var host = await MoveCenterHost.StartAsync(_data, Settings("node-a"), gate.Install);
        await LimitTargetAsync(host);
        var before = await SourceMailAsync(host, Users);

        var moves = new List<Guid>();
        foreach (var user in Users) moves.Add(await host.QueueAsync(user));

        // The two moves that got the slots keep them while the gate is shut, so the other three certainly ask for one.
        await gate.WaitUntilHoldingAsync(Slots);
        await WaitUntilWaitingForASlotAsync(host, moves, Users.Length - Slots);
        gate.Open();

        await AssertAllCompleteWithinTheLimitAsync(host, moves, before, Slots);
    }

    [Fact]
    public Task Two_hosts_sharing_the_database_together_never_run_more_than_two_moves_on_the_post_office_and_share_its_byte_rate() => TwoHostsShareSlotsAsync(_data);

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task TwoHostsShareSlotsAsync(TestDataFolder data)
    {
        var gate = new TargetGate();
        await using var first = await MoveCenterHost.StartAsync(data, Settings("node-a"), gate.Install);
        await LimitTargetAsync(first);
        // Both hosts hold their appends at the gate: with job storage shared in a server database, either host may run
        // any move, and a move that got a slot must keep it, whichever host runs it.
        await using var second = await MoveCenterHost.StartAsync(data, Settings("node-b"), gate.Install);
        var before = await SourceMailAsync(first, Users);

        // The first two moves take both slots and keep them while the gate is shut; the workers are all free, so only
        // the slots held in the database can hold back the moves queued (and dispatched) on the second host.
        List<Guid> moves = [await first.QueueAsync(Users[0]), await first.QueueAsync(Users[1])];
        await gate.WaitUntilHoldingAsync(Slots);
        // The post office's byte rate is shared the same way: each host gives each move holding a slot its half.
        foreach (var host in new[] { first, second })
            Assert.Equal(TargetBytesPerSecond / Slots, await ByteRateShareAsync(host));
        foreach (var user in Users[Slots..]) moves.Add(await second.QueueAsync(user));
        await WaitUntilWaitingForASlotAsync(second, moves[Slots..], Users.Length - Slots);
        gate.Open();

        await AssertAllCompleteWithinTheLimitAsync(second, moves, before, Slots);
    }

    private static async Task LimitTargetAsync(MoveCenterHost host)
    {
        await using var db = await host.DbAsync();
        await db.PostOffices.Where(p => p.Name == DemoDirectorySeeder.TargetPostOffice)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxConcurrentMoves, Slots).SetProperty(p => p.MaxBytesPerSecond, TargetBytesPerSecond),
                TestContext.Current.CancellationToken);
    }

    private static async Task<long?> ByteRateShareAsync(MoveCenterHost host) =>
        await host.Services.GetRequiredService<ByteRateLimits>().ShareAsync(
            await host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice), await host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice), TestContext.Current.CancellationToken);

    internal static async Task<Dictionary<string, MailboxSnapshot>> SourceMailAsync(MoveCenterHost host, IEnumerable<string> users)
    {
        var mail = new Dictionary<string, MailboxSnapshot>();
        foreach (var user in users) mail[user] = await MailboxSnapshot.TakeAsync(host.SourceRoot, user);
        return mail;
    }

    private static async Task WaitUntilWaitingForASlotAsync(MoveCenterHost host, IReadOnlyList<Guid> moves, int count)
    {
        async Task<int> WaitingAsync()
        {
            await using var db = await host.DbAsync();
            return await db.MoveEvents.Where(e => moves.Contains(e.MoveId) && e.Kind == MoveEventKind.Waiting && e.Message.StartsWith(SlotsInUse))
                .Select(e => e.MoveId).Distinct().CountAsync(TestContext.Current.CancellationToken);
        }

        await Eventually.UntilAsync(WaitingAsync, waiting => waiting == count, $"{count} moves wait for a move slot on {DemoDirectorySeeder.TargetPostOffice}");
    }

    /// <summary>Every move completes with each message once, and the history never shows more of them running at once than <paramref name="slots"/>.</summary>
    internal static async Task AssertAllCompleteWithinTheLimitAsync(
        MoveCenterHost host, IReadOnlyList<Guid> moves, Dictionary<string, MailboxSnapshot> before, int slots)
    {
        foreach (var moveId in moves) host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);

        await using var db = await host.DbAsync();
        var history = await db.MoveEvents.AsNoTracking().Where(e => moves.Contains(e.MoveId)).OrderBy(e => e.Id)
            .Select(e => new { e.MoveId, e.Kind }).ToListAsync(TestContext.Current.CancellationToken);
        var running = new HashSet<Guid>();
        var peak = 0;
        foreach (var entry in history)
        {
            if (entry.Kind == MoveEventKind.PhaseStarted) running.Add(entry.MoveId);
            else if (entry.Kind is MoveEventKind.Waiting or MoveEventKind.Stalled or MoveEventKind.Completed or MoveEventKind.Failed
                     or MoveEventKind.Cancelled or MoveEventKind.AutomaticRestart) running.Remove(entry.MoveId);
            peak = Math.Max(peak, running.Count);
        }

        Assert.True(peak <= slots, $"{peak} moves ran on {DemoDirectorySeeder.TargetPostOffice} at once; it has {slots} move slots");
        foreach (var (user, mail) in before) await TargetChecks.AssertEachMessageOnceAsync(host, mail, user);
    }

    public void Dispose() => _data.Dispose();
}
