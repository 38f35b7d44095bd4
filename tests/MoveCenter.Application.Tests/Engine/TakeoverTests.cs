using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>Three nodes on one database, one of them dead: the move is taken over once, and the new worker is never declared dead.</summary>
public sealed class TakeoverTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    private static HostSettings Node(string nodeId) => new() { NodeId = nodeId };

    [Fact]
    public async Task A_supervisor_that_found_a_move_abandoned_before_another_node_took_it_over_leaves_the_new_worker_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        Guid moveId;
        await using (var dead = await MoveCenterHost.StartAsync(_data, Node("node-dead"), startEngine: false))
        {
            moveId = await dead.QueueAsync(User);
            // What a node SIGKILLed in the middle of a phase leaves behind: the move running under a lease nobody renews.
            await using var db = await dead.DbAsync();
            await db.Moves.Where(m => m.Id == moveId).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, MoveStatus.Running)
                .SetProperty(m => EF.Property<string?>(m, MoveLease.Owner), "node-dead/1")
                .SetProperty(m => EF.Property<long>(m, MoveLease.Token), 1)
                .SetProperty(m => EF.Property<DateTime?>(m, MoveLease.ExpiresAt), DateTime.UtcNow.AddSeconds(2)), ct);
        }

        // The third node's supervisor finds the move abandoned once the dead node's lease ran out ...
        await using var late = await MoveCenterHost.StartAsync(_data, Node("node-late"), startEngine: false);
        var leases = late.Services.GetRequiredService<MoveLeases>();
        var (found, abandoned) = await Eventually.PollAsync(() => leases.FindAbandonedAsync(ct), list => list.Any(a => a.MoveId == moveId), MoveCenterHost.WaitLimit);
        Assert.True(found, "the dead node's lease should run out");
        var seen = abandoned.Single(a => a.MoveId == moveId);
        Assert.Equal("node-dead/1", seen.Owner);

        // ... and before it acts, another node takes the move over and its new worker is busy sending.
        var sending = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.HoldUntilReleased };
        await using var taker = await MoveCenterHost.StartAsync(_data, Node("node-taker"), sending.Install);
        await sending.Faulted.WaitAsync(MoveCenterHost.WaitLimit, ct);
        Assert.StartsWith("node-taker/", await LeaseOwnerAsync(taker, moveId));

        await late.Services.GetServices<IHostedService>().OfType<MoveSupervisor>().Single().RestartAbandonedAsync(seen, ct);

        Assert.StartsWith("node-taker/", await LeaseOwnerAsync(taker, moveId));
        sending.Release();
        var details = await taker.WaitUntilSettledAsync(moveId);
        taker.AssertStatus(details, MoveStatus.Completed);
        var restart = Assert.Single(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.Contains("the worker node-dead/1 stopped answering", restart.Message);
        Assert.Equal(1, details.Summary.Restarts);
    }

    private static async Task<string?> LeaseOwnerAsync(MoveCenterHost host, Guid moveId)
    {
        await using var db = await host.DbAsync();
        return await db.Moves.Where(m => m.Id == moveId).Select(m => EF.Property<string?>(m, MoveLease.Owner)).SingleAsync(TestContext.Current.CancellationToken);
    }

    public void Dispose() => _data.Dispose();
}
