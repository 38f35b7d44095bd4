using System.Net;
using System.Net.Http.Json;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Stop deferred retries: a move waiting for a post office that does not answer waits for an admin instead.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class StopDeferredRetriesApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Stop_deferred_retries_of_a_move_waiting_for_an_unmounted_post_office_stalls_it_naming_who_stopped_them()
    {
        using var client = Factory.CreateApiClient();
        var root = Path.Combine(Factory.DataDirectory, "postoffices", "UnmountedPO");
        Directory.CreateDirectory(root);
        using (var added = await client.PostAsJsonAsync("/api/post-offices", new { name = "UnmountedPO", domain = "dom1", kind = "maildir", rootPath = root }, Ct))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Directory.Delete(root);
        using (var queued = await client.PostAsJsonAsync("/api/moves", new { userId = "UserK", targetPostOffice = "UnmountedPO" }, Ct))
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var id = (await ListedIdsAsync(client, "UserK")).Single();
        var waiting = await Eventually.UntilAsync(() => GetMoveAsync(client, id), m => m.Status != "Queued" && m.Status != "Running",
            "the move to the unmounted post office waits for it");
        Assert.Equal("Waiting", waiting.Status);
        Assert.NotNull(waiting.NotBefore);

        using var response = await ActAsync(client, HttpMethod.Post, id, "stop-deferred-retries");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!;
        Assert.Equal((MoveStatus.Stalled, null), (summary.Status, summary.NotBefore));
        Assert.StartsWith($"Automatic retries stopped by {Actor}", summary.WaitReason);
        Assert.Contains("UnmountedPO", summary.WaitReason);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Stalled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Deferred retries stopped at NoServer retry 1", StringComparison.Ordinal));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "stop-deferred-retries");

        Assert.Equal(("Stalled", move.WaitReason, move.History.Count), (after.Status, after.WaitReason, after.History.Count));
    }
}
