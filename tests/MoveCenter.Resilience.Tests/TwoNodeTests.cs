using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Resilience.Tests.Support;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests;

/// <summary>
/// Invariant 4 across processes: two real nodes on one database, each reaching the post offices through proxies
/// that note which process opened every connection, so that who executes the move is seen on the wire.
/// </summary>
public sealed class TwoNodeTests : IDisposable
{
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(6);
    private readonly ScratchFolder _scratch = new("two-nodes");

    [Fact]
    public async Task Two_nodes_on_one_database_execute_a_move_one_at_a_time_and_when_the_executor_is_killed_the_other_takes_over_after_its_lease_expires()
    {
        await using var postOffices = await DovecotPostOffices.StartAsync(new DemoMailboxSpec(83, 1200) { BatchSize = 100 }, proxySource: true, proxyTarget: true);
        var database = new MoveDatabase(_scratch.SqliteDatabase);
        await using var nodeA = Node("node-a");
        await using var nodeB = Node("node-b");
        MoveCenterNode[] nodes = [nodeA, nodeB];
        foreach (var proxy in new[] { postOffices.SourceProxy!, postOffices.TargetProxy! })
            proxy.LabelClient = client => LoopbackSocketOwner.Find(client, nodes.Select(n => n.ProcessId).OfType<int>()) is { } pid
                ? nodes.Single(n => n.ProcessId == pid).NodeId
                : null;
        // One after the other: the first start creates the database.
        await nodeA.StartAsync();
        await nodeB.StartAsync();
        await postOffices.RegisterAsync(nodeA.Api);
        var before = await postOffices.SourceMailAsync();
        await database.WarmUpAsync();

        var moveId = await nodeB.Api.QueueMoveAsync(IPostOffices.User, IPostOffices.TargetName);
        var working = await database.WaitForAsync(moveId, s => s.IsWorkedOn && s.Phase == MovePhase.ItemRequest && s.ItemsMoved >= s.InventoryTotal / 3,
            s => s.Phase > MovePhase.ItemRequest, "a third of the way through the item request");
        var executor = nodes.Single(n => working!.LeaseOwner!.StartsWith(n.NodeId + "/", StringComparison.Ordinal));
        var survivor = nodes.Single(n => n != executor);
        await executor.KillAsync();
        var killedAt = DateTime.UtcNow;
        var atDeath = await database.StateAsync(moveId);
        var done = await database.WaitForAsync(moveId, s => s.Status.IsTerminal() || s.Status == MoveStatus.Stalled, _ => false, "to finish on the surviving node");
        var move = await survivor.Api.MoveAsync(moveId);
        var connections = postOffices.SourceProxy!.Connections.Select(c => (Name: $"source connection {c.Number}", Connection: c))
            .Concat(postOffices.TargetProxy!.Connections.Select(c => (Name: $"target connection {c.Number}", Connection: c)))
            .ToList();
        var report = $"{executor.NodeId} was killed {atDeath}\n{move.Describe()}\nConnections:\n{Describe(connections)}\n" +
                     $"{executor.NodeId}:\n{executor.RecentOutput(20)}\n{survivor.NodeId}:\n{survivor.RecentOutput(20)}";
        TestContext.Current.TestOutputHelper?.WriteLine(report);

        Assert.True(move.Status == "Completed", report);
        Assert.StartsWith(executor.NodeId + "/", atDeath.LeaseOwner);

        // Taken over by the survivor's supervisor, and only once the dead executor's lease had run out.
        var restart = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.AutomaticRestart));
        Assert.Contains($"the worker {atDeath.LeaseOwner} stopped answering in {MovePhase.ItemRequest.DisplayName()}", restart.Message);
        Assert.True(restart.At >= atDeath.LeaseExpiresAt, $"restarted at {restart.At:O}, before the lease ran out at {atDeath.LeaseExpiresAt:O}\n{report}");

        // One executor at a time, seen on the wire: every connection to a post office is a node's, and no two nodes' overlap.
        Assert.All(connections, c => Assert.True(c.Connection.Label is not null, $"{c.Name} belongs to no node\n{report}"));
        Assert.Contains(connections, c => c.Connection.Label == executor.NodeId);
        Assert.Contains(connections, c => c.Connection.Label == survivor.NodeId && c.Connection.OpenedAt > killedAt);
        foreach (var mine in connections.Where(c => c.Connection.Label == executor.NodeId))
        foreach (var theirs in connections.Where(c => c.Connection.Label == survivor.NodeId))
            Assert.True(mine.Connection.ClosedAt <= theirs.Connection.OpenedAt || theirs.Connection.ClosedAt <= mine.Connection.OpenedAt,
                $"{executor.NodeId}'s {mine.Name} and {survivor.NodeId}'s {theirs.Name} were open at the same time\n{report}");

        // Each message once at the target.
        var target = await postOffices.TargetMailAsync();
        Assert.Equal(before.Folders, target.Folders);
        Assert.Equal(before.Messages.Select(m => m.ToString()), target.Messages.Select(m => m.ToString()));
        Assert.Empty((await postOffices.SourceMailAsync()).Messages);
        Assert.Equal(MoveStatus.Completed, done!.Status);
    }

    public void Dispose() => _scratch.Dispose();

    private MoveCenterNode Node(string nodeId) =>
        new(nodeId, _scratch.Sub(nodeId), _scratch.SqliteDatabase, EngineSettings.Fast(LeaseDuration));

    private static string Describe(IEnumerable<(string Name, ProxiedConnection Connection)> connections) =>
        string.Join("\n", connections.OrderBy(c => c.Connection.OpenedAt).Select(c =>
            $"  {c.Name} of {c.Connection.Label ?? "?"}: {c.Connection.OpenedAt:HH:mm:ss.fff} to {c.Connection.ClosedAt:HH:mm:ss.fff}, {c.Connection.BytesToServer + c.Connection.BytesToClient} bytes"));
}
