using System.Net;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Force Complete: the remaining items are recorded as skipped and the source is purged; not before the move started.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class ForceCompleteApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Force_Complete_of_a_stalled_move_skips_every_remaining_item_and_purges_the_source()
    {
        using var client = Factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserB");
        var before = await GetMoveAsync(client, id);
        var source = await SourceMailboxPathAsync(client, "UserB");
        Assert.True(before.Remaining > 0);
        Assert.Equal(before.Remaining, (await PendingItemsAsync(client, id)).TotalCount);
        Assert.True(Directory.Exists(source), $"{source} should exist while the move is stalled");

        using var response = await ActAsync(client, HttpMethod.Post, id, "force-complete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(before.Skipped + before.Remaining, move.Skipped);
        Assert.Equal(0, move.Remaining);
        Assert.False(Directory.Exists(source), $"{source} should be purged");
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Force Complete while Stalled", StringComparison.Ordinal));
        await Factory.WithDatabaseAsync(async db =>
        {
            var skippedBy = await db.InventoryItems.Where(i => i.MoveId == id && i.State == InventoryState.Skipped).Select(i => i.SkippedBy).ToListAsync(Ct);
            Assert.Equal(before.Remaining, skippedBy.Count);
            Assert.All(skippedBy, by => Assert.Equal(Actor, by));
        });
    }

    [Fact]
    public async Task Force_Complete_of_a_move_that_has_not_started_is_a_conflict_and_changes_nothing()
    {
        using var client = Factory.CreateApiClient();
        var id = await QueueAsync(client, "UserI", DateTime.UtcNow.AddDays(1));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "force-complete");

        Assert.Equal(("Queued", "Preflight"), (after.Status, after.Phase));
        using var cancel = await ActAsync(client, HttpMethod.Post, id, "cancel");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }
}
