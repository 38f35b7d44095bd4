using System.Net;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>
/// Plays a reverse proxy that took a browser's HTTPS request and passes it on over plain HTTP from its own address,
/// with X-Forwarded-For and X-Forwarded-Proto. Cookies are kept the way the browser keeps them for the HTTPS site.
/// </summary>
public sealed class TlsTerminatingProxy(string proxyAddress, string browserAddress) : DelegatingHandler
{
    private readonly CookieContainer _browserCookies = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var browserUri = new UriBuilder(request.RequestUri!) { Scheme = Uri.UriSchemeHttps, Port = -1 }.Uri;
        request.Headers.Add(ClientAddressFromHeader.Header, proxyAddress);
        request.Headers.Add("X-Forwarded-For", browserAddress);
        request.Headers.Add("X-Forwarded-Proto", "https");
        if (_browserCookies.GetCookieHeader(browserUri) is { Length: > 0 } cookies) request.Headers.Add("Cookie", cookies);

        var response = await base.SendAsync(request, cancellationToken);
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            foreach (var setCookie in setCookies) _browserCookies.SetCookies(browserUri, setCookie);
        return response;
    }
}
