using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Resilience.Tests.Support;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests;

/// <summary>
/// A real host moving between two Dovecots that it reaches through loopback proxies, which refuse connections or
/// cut them in the middle of a transfer. Retry intervals are configured to a second: the rules, not the waits, are tested.
/// </summary>
public sealed class NetworkFaultTests : IDisposable
{
    private const int CutsPerProxy = 10;
    private readonly ScratchFolder _scratch = new("network");

    [Fact]
    public async Task A_target_that_refuses_connections_mid_move_makes_the_move_wait_saying_why_and_once_it_answers_the_move_completes_with_each_message_once()
    {
        await using var postOffices = await DovecotPostOffices.StartAsync(new DemoMailboxSpec(71, 800) { BatchSize = 100 }, proxyTarget: true);
        var proxy = postOffices.TargetProxy!;
        var database = new MoveDatabase(_scratch.SqliteDatabase);
        await using var node = await StartNodeAsync(postOffices);
        var before = await postOffices.SourceMailAsync();
        await database.WarmUpAsync();

        var moveId = await node.Api.QueueMoveAsync(IPostOffices.User, IPostOffices.TargetName);
        await database.WaitForAsync(moveId, s => s.Phase == MovePhase.ItemRequest && s.ItemsMoved >= s.InventoryTotal / 4, s => s.Phase > MovePhase.ItemRequest,
            "a quarter of the way through the item request");
        proxy.Refuse();
        var cut = proxy.CutAll();
        // Attempt 2 and later: the move tried again after its interval and was refused again, so it keeps waiting.
        var waiting = await WaitForApiAsync(node, moveId, m => m.Status == "Waiting" && m.WaitReason!.Contains("(attempt 2)", StringComparison.Ordinal),
            "to wait a second time for the refusing target");
        var reason = waiting.WaitReason!;
        TestContext.Current.TestOutputHelper?.WriteLine($"cut {cut} open connections; the move waits: {reason}");
        var movedWhileRefused = waiting.Moved;
        proxy.Admit();
        var done = await WaitForApiAsync(node, moveId, m => m.Status is "Completed" or "Failed" or "Stalled", "to finish");

        Assert.Equal("ItemRequest", waiting.Phase);
        Assert.Contains($"target post office {IPostOffices.TargetName} did not answer", reason);
        Assert.Contains("next try", reason);
        Assert.True(movedWhileRefused < waiting.InventoryTotal, $"the move finished while its target refused connections: {waiting.Describe()}");
        Assert.Contains(waiting.History, h => h.Kind == nameof(MoveEventKind.Waiting) && h.Message.Contains(IPostOffices.TargetName, StringComparison.Ordinal));
        Assert.True(done.Status == "Completed", done.Describe());
        await AssertEachMessageOnceAsync(postOffices, before);
    }

    [Fact]
    public async Task Connections_cut_again_and_again_in_the_middle_of_transfers_still_deliver_each_message_exactly_once()
    {
        var seed = KillPlan.Seed();
        TestContext.Current.TestOutputHelper?.WriteLine($"seed {seed} (MOVECENTER_FAULT_SEED={seed} repeats the cut budgets)");
        await using var postOffices = await DovecotPostOffices.StartAsync(new DemoMailboxSpec(seed, 600) { BatchSize = 100 }, proxySource: true, proxyTarget: true);
        var random = new Random(seed);
        // Each new connection may carry a seeded number of bytes before it is cut, whatever it is doing then: most are
        // cut in the middle of a message. After ten cuts a proxy lets connections be, so that the largest message gets through.
        Func<long?> Budget(LoopbackProxy proxy, long most) => () =>
        {
            lock (random) return proxy.Cuts < CutsPerProxy ? random.NextInt64(64 * 1024, most) : null;
        };
        postOffices.SourceProxy!.CutAfterBytes = Budget(postOffices.SourceProxy, 2 * 1024 * 1024);
        postOffices.TargetProxy!.CutAfterBytes = Budget(postOffices.TargetProxy, 1024 * 1024);
        await using var node = await StartNodeAsync(postOffices);
        var before = await postOffices.SourceMailAsync();

        var moveId = await node.Api.QueueMoveAsync(IPostOffices.User, IPostOffices.TargetName);
        var done = await WaitForApiAsync(node, moveId, m => m.Status is "Completed" or "Failed" or "Stalled", "to finish");

        var waits = done.History.Count(h => h.Kind == nameof(MoveEventKind.Waiting));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"{postOffices.SourceProxy.Cuts} source and {postOffices.TargetProxy.Cuts} target connections cut; the move waited {waits} times");
        Assert.True(done.Status == "Completed", done.Describe());
        Assert.True(postOffices.TargetProxy.Cuts >= CutsPerProxy / 2, $"only {postOffices.TargetProxy.Cuts} target connections were cut");
        Assert.True(postOffices.SourceProxy.Cuts > 0, "no source connection was cut");
        Assert.True(waits > 0, $"the move never noticed a cut:\n{done.Describe()}");
        await AssertEachMessageOnceAsync(postOffices, before);
    }

    public void Dispose() => _scratch.Dispose();

    private async Task<MoveCenterNode> StartNodeAsync(IPostOffices postOffices)
    {
        var node = new MoveCenterNode("node-1", _scratch.Sub("node-1"), _scratch.SqliteDatabase, EngineSettings.Fast());
        try
        {
            await node.StartAsync();
            await postOffices.RegisterAsync(node.Api);
            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    private static async Task AssertEachMessageOnceAsync(IPostOffices postOffices, MailboxSnapshot before)
    {
        var target = await postOffices.TargetMailAsync();
        Assert.Equal(before.Folders, target.Folders);
        Assert.Equal(before.Messages.Select(m => m.ToString()), target.Messages.Select(m => m.ToString()));
        Assert.Equal(before.Messages.Count, await postOffices.TargetMessageCountAsync());
        Assert.Empty((await postOffices.SourceMailAsync()).Messages);
    }

    private static async Task<MoveResource> WaitForApiAsync(MoveCenterNode node, Guid moveId, Func<MoveResource, bool> condition, string description)
    {
        var (met, move) = await Eventually.PollAsync(() => node.Api.MoveAsync(moveId), condition, MoveDatabase.WaitLimit);
        if (!met) Assert.Fail($"The move did not get {description} within {MoveDatabase.WaitLimit}.\n{move.Describe()}\n{node.RecentOutput()}");
        return move;
    }
}
