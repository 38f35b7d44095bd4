using System.Net;
using System.Net.Http.Json;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Suspend and Resume: a held move keeps its start time.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class SuspendResumeApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Fact]
    public async Task Suspend_holds_a_scheduled_move_and_Resume_queues_it_again_for_its_start_time()
    {
        using var client = Factory.CreateApiClient();
        var tomorrow = DateTime.UtcNow.AddDays(1);
        var id = await QueueAsync(client, "UserF", tomorrow);

        using var suspend = await ActAsync(client, HttpMethod.Post, id, "suspend");

        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.Equal(MoveStatus.Suspended, (await suspend.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        Assert.Equal("Suspended", (await GetMoveAsync(client, id)).Status);

        using var resume = await ActAsync(client, HttpMethod.Post, id, "resume");

        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Equal(MoveStatus.Queued, (await resume.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Queued", move.Status);
        Assert.Equal("Preflight", move.Phase);
        Assert.NotNull(move.NotBefore);
        Assert.True(move.NotBefore > DateTime.UtcNow.AddHours(12), $"the move should still start tomorrow, not at {move.NotBefore:u}");
        var actions = move.History.Where(h => h.Kind == nameof(MoveEventKind.AdminAction)).ToList();
        Assert.Equal(["Move suspended.", "Move resumed."], actions.Select(a => a.Message));
        Assert.All(actions, a => Assert.Equal(Actor, a.Actor));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "resume");

        Assert.Equal(("Queued", move.NotBefore, move.History.Count), (after.Status, after.NotBefore, after.History.Count));
    }
}
