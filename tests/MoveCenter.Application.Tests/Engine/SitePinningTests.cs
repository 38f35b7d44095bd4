using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>DESIGN §12: two nodes of different sites on one database; a move to a post office pinned to a site is worked on by that site's node alone.</summary>
public sealed class SitePinningTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    private static HostSettings Node(string site) => new()
    {
        NodeId = $"node-{site}",
        Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:Site"] = site },
    };

    [Fact]
    public async Task A_move_to_a_post_office_pinned_to_a_site_is_moved_by_that_sites_node_and_never_by_another_sites()
    {
        var ct = TestContext.Current.CancellationToken;
        var northDeliveries = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice);
        await using var north = await MoveCenterHost.StartAsync(_data, Node("north"), northDeliveries.Install);
        await using (var db = await north.DbAsync())
        {
            var target = await db.PostOffices.SingleAsync(p => p.Name == DemoDirectorySeeder.TargetPostOffice, ct);
            target.PinToSite("south");
            await db.SaveChangesAsync(ct);
        }

        var moveId = await north.QueueAsync(User);

        Assert.Null(await north.Services.GetRequiredService<MoveLeases>().TryAcquireAsync(moveId, ct));
        var waiting = (await north.DetailsAsync(moveId)).Summary;
        Assert.Equal((MoveStatus.Queued, "Waits for a node of site south: only nodes of that site work on its post offices."), (waiting.Status, waiting.WaitReason));
        var southDeliveries = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice);
        await using var south = await MoveCenterHost.StartAsync(_data, Node("south"), southDeliveries.Install);
        var details = await south.WaitUntilSettledAsync(moveId);
        south.AssertStatus(details, MoveStatus.Completed);
        Assert.Null(details.Summary.WaitReason);
        Assert.Equal((0, new HostSettings().MessagesPerUser), (northDeliveries.Delivered, southDeliveries.Delivered));
    }

    /// <summary>
    /// On shared job storage a node can take the job of a move pinned to another site (a site whose queue name it shares,
    /// or a job enqueued before the post office was pinned). It must not sit on the dispatch until the timeout.
    /// </summary>
    [Fact]
    public async Task A_phase_job_taken_by_a_node_of_another_site_hands_the_move_back_for_that_sites_nodes_to_dispatch_at_once()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var north = await MoveCenterHost.StartAsync(_data, Node("north"));
        await using (var db = await north.DbAsync())
        {
            var target = await db.PostOffices.SingleAsync(p => p.Name == DemoDirectorySeeder.TargetPostOffice, ct);
            target.PinToSite("south");
            await db.SaveChangesAsync(ct);
        }
        var moveId = await north.QueueAsync(User);
        // As a node of site south hands it out: marked dispatched, its preflight job enqueued where north took it.
        await using (var db = await north.DbAsync())
            await db.Moves.Where(m => m.Id == moveId)
                .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt), DateTime.UtcNow), ct);

        await north.Services.GetRequiredService<PreflightJob>().RunAsync(moveId, ct);

        await using (var db = await north.DbAsync())
        {
            var move = await db.Moves.AsNoTracking().Where(m => m.Id == moveId)
                .Select(m => new { m.Status, m.Phase, DispatchedAt = EF.Property<DateTime?>(m, MoveLease.DispatchedAt) })
                .SingleAsync(ct);
            Assert.Equal((MoveStatus.Queued, MovePhase.Preflight, (DateTime?)null), (move.Status, move.Phase, move.DispatchedAt));
        }
    }

    public void Dispose() => _data.Dispose();
}
