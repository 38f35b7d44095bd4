using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Infrastructure;

public static class HubClients
{
    /// <summary>A client of the moves hub in the test server, with an API key or none.</summary>
    public static HubConnection ConnectToMoves(this MoveCenterWebFactory factory, string? apiKey) => new HubConnectionBuilder()
        .WithUrl(new Uri(factory.Server.BaseAddress, MovesHub.Path), options =>
        {
            options.Transports = HttpTransportType.LongPolling;
            options.HttpMessageHandlerFactory = _ => factory.Server.CreateHandler();
            if (apiKey is not null) options.Headers[ApiKeyDefaults.Header] = apiKey;
        })
        .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter()))
        .Build();
}
