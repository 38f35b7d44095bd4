using System.Net.Http.Json;
using System.Text.Json.Serialization;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Api;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class MovesHubTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_api_key_client_receives_MoveChanged_for_a_queued_move_up_to_Completed()
    {
        var changes = Channel.CreateUnbounded<MoveSummary>();
        await using var hub = Connect(MoveCenterWebFactory.ApiKey);
        hub.On<MoveSummary>(MovesHub.MoveChanged, move => changes.Writer.TryWrite(move));
        await hub.StartAsync(Ct);

        using var client = factory.CreateApiClient();
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId = "UserB", targetPostOffice = "DestPO" }, Ct);
        var id = (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(Eventually.DefaultTimeout);
        var seen = new List<MoveSummary>();
        await foreach (var change in changes.Reader.ReadAllAsync(timeout.Token))
        {
            if (change.Id != id) continue;
            seen.Add(change);
            if (change.Status is MoveStatus.Completed or MoveStatus.Failed or MoveStatus.Stalled) break;
        }

        Assert.Equal(MoveStatus.Completed, seen[^1].Status);
        Assert.Equal("UserB", seen[^1].UserId);
        Assert.Equal("DestPO", seen[^1].TargetPostOffice);
        Assert.Contains(seen, s => s.Status == MoveStatus.Running);
    }

    [Fact]
    public async Task A_client_without_credentials_cannot_connect()
    {
        await using var hub = Connect(apiKey: null);

        await Assert.ThrowsAsync<HttpRequestException>(() => hub.StartAsync(Ct));
    }

    private HubConnection Connect(string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, MovesHub.Path), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            if (apiKey is not null) options.Headers[ApiKeyDefaults.Header] = apiKey;
        })
        .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
        .Build();
}
