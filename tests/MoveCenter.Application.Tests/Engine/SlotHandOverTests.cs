using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// A move waiting for a move slot is started as soon as a slot frees, best first, whichever node frees it. The hosts run
/// the real engine under a fake clock that the tests do not move on (or only by the seconds that tell the moves' ages
/// apart), so the 5-minute "try later" interval is never reached: a move that starts was handed the freed slot.
/// </summary>
public sealed class SlotHandOverTests : IDisposable
{
    private readonly TestDataFolder _data = new();
    private readonly FakeTimeProvider _clock = new(FakeClockEngine.Start);
    private readonly TargetGate _gate = new();

    [Fact]
    public async Task A_move_waiting_for_the_only_slot_starts_when_the_move_holding_it_completes_without_the_clock_moving()
    {
        await using var host = await StartHostAsync("node-a");
        var first = await host.QueueAsync("UserA");
        await _gate.WaitUntilHoldingAsync(1);
        List<Guid> waiting = [await host.QueueAsync("UserB"), await host.QueueAsync("UserC")];
        await WaitUntilWaitingForTheSlotAsync(host, waiting.Count);

        _gate.Open();

        foreach (var moveId in waiting.Prepend(first)) host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);
        Assert.Equal(FakeClockEngine.Start, _clock.GetUtcNow());
    }

    [Fact]
    public async Task The_oldest_move_waiting_for_a_slot_gets_each_freed_slot_first()
    {
        string[] users = ["UserA", "UserB", "UserC", "UserD"];
        await using var host = await StartHostAsync("node-a");
        var before = await MoveSlotTests.SourceMailAsync(host, users);
        List<Guid> moves = [await host.QueueAsync(users[0])];
        await _gate.WaitUntilHoldingAsync(1);
        foreach (var user in users[1..])
        {
            // A second between them gives each its own age; far below the 5-minute retry interval. The supervisor
            // passes this sets off run beside the moves, as they do in production.
            _clock.Advance(TimeSpan.FromSeconds(1));
            moves.Add(await host.QueueAsync(user));
        }
        await WaitUntilWaitingForTheSlotAsync(host, 3);

        _gate.Open();

        await MoveSlotTests.AssertAllCompleteWithinTheLimitAsync(host, moves, before, slots: 1);
        Assert.Equal(moves, await StartOrderAsync(host, moves));
    }

    [Fact]
    public async Task A_slot_freed_by_a_move_on_one_host_is_taken_by_the_move_waiting_on_the_other_host()
    {
        await using var first = await StartHostAsync("node-a");
        await using var second = await StartHostAsync("node-b");
        // With job storage in SQLite each host runs the moves it queued: the move queued on the second host waits there.
        var holder = await first.QueueAsync("UserA");
        await _gate.WaitUntilHoldingAsync(1);
        var waiter = await second.QueueAsync("UserB");
        await WaitUntilWaitingForTheSlotAsync(second, 1);

        _gate.Open();

        // The clock stands still, so neither host's supervisor passes again: only the first host, freeing the slot, can start the waiter.
        first.AssertStatus(await first.WaitUntilSettledAsync(holder), MoveStatus.Completed);
        second.AssertStatus(await second.WaitUntilSettledAsync(waiter), MoveStatus.Completed);
        Assert.Equal([holder, waiter], await StartOrderAsync(second, [holder, waiter]));
        Assert.Equal(FakeClockEngine.Start, _clock.GetUtcNow());
    }

    [Fact]
    public async Task A_slot_that_frees_without_a_move_giving_it_up_goes_to_the_waiting_move_at_the_next_supervisor_pass()
    {
        await using var host = await StartHostAsync("node-a");
        var holder = await host.QueueAsync("UserA");
        await _gate.WaitUntilHoldingAsync(1);
        var waiter = await host.QueueAsync("UserB");
        await WaitUntilWaitingForTheSlotAsync(host, 1);

        // An admin gives the post office a second slot: no move gave one up, so no hand-over starts the waiter.
        await SetTargetSlotsAsync(host, 2);
        _clock.Advance(host.Services.GetRequiredService<IOptions<EngineOptions>>().Value.SupervisorInterval);

        // The waiter reaches the gate beside the holder, which still holds its slot.
        await _gate.WaitUntilHoldingAsync(2);
        _gate.Open();
        foreach (var moveId in new[] { holder, waiter }) host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);
    }

    [Fact]
    public async Task A_move_queued_while_every_worker_runs_a_move_is_taken_up_at_the_next_phase_end_and_waits_for_a_slot()
    {
        await using var host = await StartHostAsync("node-a", workers: 2);
        await SetTargetSlotsAsync(host, 2);
        List<Guid> running = [await host.QueueAsync("UserA"), await host.QueueAsync("UserB")];
        await _gate.WaitUntilHoldingAsync(2);
        // Both workers are held in the running moves' item requests: the new move's job waits in the job queue.
        var queued = await host.QueueAsync("UserC");

        _gate.Open();

        foreach (var moveId in running.Append(queued)) host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Completed);
        // Had the running moves gone on through their phases, it would have begun only once one of them completed.
        var history = (await host.DetailsAsync(queued)).History;
        Assert.Contains(history, h => h.Kind == MoveEventKind.Waiting && h.Message.Contains("has all 2 move slots in use", StringComparison.Ordinal));
    }

    /// <summary>A host on the shared database and clock, with one move slot at the target and its appends held at the gate.</summary>
    private async Task<MoveCenterHost> StartHostAsync(string nodeId, int workers = 4)
    {
        var settings = new HostSettings
        {
            // UserF, the last demo user, has the unreadable item; the moves here are clean.
            Users = 6,
            MessagesPerUser = 10,
            NodeId = nodeId,
            Configuration = new Dictionary<string, string?>
            {
                // More workers than slots unless a test says otherwise, so only the slot holds the moves back.
                ["MoveCenter:Engine:WorkerCount"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // The production default, which the test host otherwise shortens to a second the clock might pass.
                ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:05:00",
            },
        };
        var host = await MoveCenterHost.StartAsync(_data, settings, services =>
        {
            services.AddSingleton<TimeProvider>(_clock);
            _gate.Install(services);
        });
        await SetTargetSlotsAsync(host, 1);
        return host;
    }

    private static async Task SetTargetSlotsAsync(MoveCenterHost host, int slots)
    {
        await using var db = await host.DbAsync();
        await db.PostOffices.Where(p => p.Name == DemoDirectorySeeder.TargetPostOffice)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxConcurrentMoves, slots), TestContext.Current.CancellationToken);
    }

    private static async Task WaitUntilWaitingForTheSlotAsync(MoveCenterHost host, int count)
    {
        async Task<int> WaitingAsync()
        {
            await using var db = await host.DbAsync();
            return await db.Moves.CountAsync(m => m.Status == MoveStatus.Waiting && m.RetryCause == RetryCause.MoveSlot, TestContext.Current.CancellationToken);
        }

        await Eventually.UntilAsync(WaitingAsync, waiting => waiting == count, $"{count} moves wait for the move slot at {DemoDirectorySeeder.TargetPostOffice}");
    }

    /// <summary>The moves in the order they first began to run, from the history in commit order.</summary>
    private static async Task<List<Guid>> StartOrderAsync(MoveCenterHost host, IReadOnlyList<Guid> moves)
    {
        await using var db = await host.DbAsync();
        var starts = await db.MoveEvents.AsNoTracking().Where(e => moves.Contains(e.MoveId) && e.Kind == MoveEventKind.PhaseStarted)
            .OrderBy(e => e.Id).Select(e => e.MoveId).ToListAsync(TestContext.Current.CancellationToken);
        return starts.Distinct().ToList();
    }

    public void Dispose() => _data.Dispose();
}
