using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Restart the entire move: again from Preflight, nothing delivered twice; refused once the move is over.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class RestartMoveApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Restart_of_a_stalled_move_runs_it_again_from_preflight_and_it_stalls_on_the_same_item_with_nothing_moved_twice()
    {
        using var client = Factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserL");
        var before = await GetMoveAsync(client, id);

        using var response = await ActAsync(client, HttpMethod.Post, id, "restart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!;
        Assert.Equal((MoveStatus.Queued, MovePhase.Preflight, 0), (summary.Status, summary.Phase, summary.ItemsMoved));
        var move = await Eventually.UntilAsync(() => GetMoveAsync(client, id),
            m => m.History.Count(h => h.Kind == nameof(MoveEventKind.Stalled)) == 2 || m.Status is "Completed" or "Failed" or "Cancelled",
            "the restarted move of UserL stalls again");
        Assert.Equal(("Stalled", "ItemRequest"), (move.Status, move.Phase));
        Assert.Equal((before.InventoryTotal, before.Moved, 1), (move.InventoryTotal, move.Moved, move.Remaining));
        var restart = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction));
        Assert.Equal(Actor, restart.Actor);
        Assert.StartsWith("Restart of the entire move requested while Stalled in Item request", restart.Message);
        Assert.Equal(2, move.History.Count(h => h.Kind == nameof(MoveEventKind.PhaseCompleted) && h.Message.StartsWith("Preflight completed", StringComparison.Ordinal)));
        await Factory.WithDatabaseAsync(async db =>
        {
            var messages = await db.InventoryItems.Where(i => i.MoveId == id && i.Kind == InventoryKind.Message).Select(i => i.SourceKey).ToListAsync(Ct);
            Assert.Equal(messages.Count, messages.Distinct().Count());
            Assert.Equal(before.Moved, await db.MigratedItems.CountAsync(m => m.MoveId == id, Ct));
        });
    }

    [Fact]
    public async Task Restart_of_a_cancelled_move_is_a_conflict_and_changes_nothing()
    {
        using var client = Factory.CreateApiClient();
        var id = await QueueAsync(client, "UserM", DateTime.UtcNow.AddDays(1));
        using (var cancel = await ActAsync(client, HttpMethod.Post, id, "cancel"))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "restart");

        Assert.Equal("Cancelled", after.Status);
    }
}
