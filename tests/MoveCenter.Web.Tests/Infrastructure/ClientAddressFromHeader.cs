using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>
/// The in-memory test server has no client addresses; this gives each test client one, as the connection's own
/// address, seen before any of MoveCenter's middleware.
/// </summary>
public sealed class ClientAddressFromHeader : IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((http, rest) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var address)) http.Connection.RemoteIpAddress = IPAddress.Parse(address.ToString());
            return rest(http);
        });
        next(app);
    };
}
