using System.Net;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Clear Status: only a finished move leaves the list, and its history stays.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class ClearStatusApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Clear_Status_refuses_an_active_move_and_hides_a_completed_one_from_the_list_but_keeps_its_history()
    {
        using var client = Factory.CreateApiClient();
        var scheduled = await QueueAsync(client, "UserG", DateTime.UtcNow.AddDays(1));

        using var refused = await ActAsync(client, HttpMethod.Delete, scheduled, "");

        await AssertConflictAsync(refused);
        Assert.Contains(await ListedIdsAsync(client, "UserG"), i => i == scheduled);
        using (var cancel = await ActAsync(client, HttpMethod.Post, scheduled, "cancel"))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var id = await QueueAsync(client, "UserG");
        var completed = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", completed.Status);

        using var response = await ActAsync(client, HttpMethod.Delete, id, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(await ListedIdsAsync(client, "UserG"), i => i == id);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(completed.History.Count + 1, move.History.Count);
        Assert.Equal(completed.History.Select(h => h.Message), move.History.Take(completed.History.Count).Select(h => h.Message));
        Assert.Equal(nameof(MoveEventKind.Queued), move.History[0].Kind);
        var cleared = move.History[^1];
        Assert.Equal(nameof(MoveEventKind.AdminAction), cleared.Kind);
        Assert.Equal(Actor, cleared.Actor);
        Assert.StartsWith("Status cleared", cleared.Message);
    }
}
