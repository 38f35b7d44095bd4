using System.Net;
using System.Net.Http.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class MovesHubTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_api_key_client_receives_MoveChanged_when_a_move_stalls_and_again_when_Force_Complete_completes_it()
    {
        var changes = Channel.CreateUnbounded<MoveSummary>();
        await using var hub = factory.ConnectToMoves(MoveCenterWebFactory.ApiKey);
        hub.On<MoveSummary>(MovesHub.MoveChanged, move => changes.Writer.TryWrite(move));
        await hub.StartAsync(Ct);
        using var client = factory.CreateApiClient();

        // UserC has an unreadable item: the move stays stalled until an admin acts, a state the feed cannot pass over
        // (it sends each changed move as it is at its next read, so a state that lasts less than a read may never be sent).
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserC", targetPostOffice = "DestPO" }, Ct);
        var id = (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
        var stalled = await NextChangeAsync(changes.Reader, id, m => m.Status == MoveStatus.Stalled || m.Status.IsTerminal(), "stalls");
        using var forceComplete = await client.PostAsync($"/api/moves/{id}/force-complete", null, Ct);
        var completed = await NextChangeAsync(changes.Reader, id, m => m.Status.IsTerminal(), "ends");

        Assert.Equal(MoveStatus.Stalled, stalled.Status);
        Assert.Equal(HttpStatusCode.OK, forceComplete.StatusCode);
        Assert.Equal(MoveStatus.Completed, completed.Status);
        Assert.Equal(("UserC", "DestPO"), (completed.UserId, completed.TargetPostOffice));
        Assert.Equal(stalled.ItemsSkipped + stalled.ItemsRemaining, completed.ItemsSkipped);
    }

    [Fact]
    public async Task A_client_without_credentials_cannot_connect()
    {
        await using var hub = factory.ConnectToMoves(apiKey: null);

        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Ct));
    }

    private static Task<MoveSummary> NextChangeAsync(ChannelReader<MoveSummary> changes, Guid id, Func<MoveSummary, bool> condition, string what) =>
        Eventually.NextAsync(changes, m => m.Id == id && condition(m), $"a MoveChanged saying that move {id} {what}");
}
