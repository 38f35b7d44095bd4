using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Skip current item: the stalled move's pending items name what holds it, and Skip lets the move go on.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class SkipItemApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Pending_items_of_a_stalled_move_list_the_unreadable_item_first_and_Skip_lets_the_move_complete()
    {
        using var client = Factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserA");

        var pending = await PendingItemsAsync(client, id);

        Assert.Equal(1, pending.TotalCount);
        var bad = pending.Items[0];
        Assert.StartsWith(UnreadableKey, bad.SourceKey);
        Assert.Equal("Inbox", bad.Folder);
        Assert.Equal("Failed", bad.State);
        Assert.Equal(3, bad.Attempts);
        Assert.Contains("cannot be read", bad.LastError);

        using var skip = await ActAsync(client, HttpMethod.Post, id, "skip");

        Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        Assert.Equal(1, (await skip.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.ItemsSkipped);
        Assert.Equal(0, (await PendingItemsAsync(client, id)).TotalCount);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(1, move.Skipped);
        Assert.Equal(0, move.Remaining);
        Assert.Equal(move.InventoryTotal, move.Moved + move.Skipped);
        var skipped = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.ItemSkipped));
        Assert.Equal(Actor, skipped.Actor);
        Assert.Contains(UnreadableKey, skipped.Message);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor && h.Message.StartsWith("Retry requested while Stalled", StringComparison.Ordinal));
        await Factory.WithDatabaseAsync(async db =>
        {
            var item = await db.InventoryItems.SingleAsync(i => i.MoveId == id && i.SourceKey == bad.SourceKey, Ct);
            Assert.Equal(InventoryState.Skipped, item.State);
            Assert.Equal(Actor, item.SkippedBy);
        });

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "skip");

        Assert.Equal(("Completed", 1, move.History.Count), (after.Status, after.Skipped, after.History.Count));
    }
}
