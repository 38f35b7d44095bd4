using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>Behind a reverse proxy that terminates TLS, only the configured proxy tells the scheme and the client's address.</summary>
public sealed class ForwardedHeadersTests(ForwardedHeadersTests.ProxiedHost factory) : IClassFixture<ForwardedHeadersTests.ProxiedHost>
{
    private const string Proxy = "10.0.0.5";
    private const string ProxyInKnownNetwork = "10.1.2.3";
    private const string Stranger = "198.51.100.40";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sign_in_the_known_proxy_received_over_https_gets_hsts_and_secure_cookies()
    {
        using var browser = ClientThrough(Proxy, "203.0.113.10");

        using var loginPage = await browser.GetAsync("/account/login", Ct);
        using var signedIn = await SignInForm.SignInAsync(browser, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.True(SignInAnswers.AntiforgeryCookieIsSecure(loginPage));
        SignInAnswers.AssertSignedInOverHttps(signedIn);
        using var page = await browser.GetAsync("/moves", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task Forwarded_headers_from_an_unknown_address_are_ignored()
    {
        using var browser = ClientThrough(Stranger, "203.0.113.11");

        using var loginPage = await browser.GetAsync("/account/login", Ct);
        using var signedIn = await SignInForm.SignInAsync(browser, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.False(SignInAnswers.AntiforgeryCookieIsSecure(loginPage));
        SignInAnswers.AssertSignedInOverPlainHttp(signedIn);
    }

    [Fact]
    public async Task The_sign_in_throttle_counts_the_clients_behind_a_proxy_in_a_known_network_apart()
    {
        using (var noisy = ClientThrough(ProxyInKnownNetwork, "203.0.113.12"))
            await UseUpSignInAttemptsAsync(noisy);
        using var quiet = ClientThrough(ProxyInKnownNetwork, "203.0.113.13");

        using var signedIn = await SignInForm.SignInAsync(quiet, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
    }

    [Fact]
    public async Task An_unknown_address_cannot_escape_the_sign_in_throttle_by_claiming_other_client_addresses()
    {
        const string spoofer = "198.51.100.41";
        for (var attempt = 1; attempt <= SignInThrottleTests.ThrottledHost.AttemptsPerMinute; attempt++)
        {
            using var claimsAnother = ClientThrough(spoofer, $"203.0.113.{100 + attempt}");
            (await SignInForm.SignInAsync(claimsAnother, "nobody", "not-the-password", Ct)).Dispose();
        }
        using var claimsYetAnother = ClientThrough(spoofer, "203.0.113.200");

        using var throttled = await SignInForm.SignInAsync(claimsYetAnother, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
    }

    private static async Task UseUpSignInAttemptsAsync(HttpClient client)
    {
        for (var attempt = 0; attempt <= SignInThrottleTests.ThrottledHost.AttemptsPerMinute; attempt++)
            (await SignInForm.SignInAsync(client, "nobody", "not-the-password", Ct)).Dispose();
    }

    /// <summary>A browser whose requests reach MoveCenter through a proxy at <paramref name="proxyAddress"/>.</summary>
    private HttpClient ClientThrough(string proxyAddress, string browserAddress) =>
        // localhost is never sent HSTS, so the site has a name of its own.
        factory.CreateDefaultClient(new Uri("http://movecenter.test"), new TlsTerminatingProxy(proxyAddress, browserAddress));

    /// <summary>The throttled host, trusting one proxy and one network.</summary>
    public sealed class ProxiedHost : SignInThrottleTests.ThrottledHost
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
                [new("MoveCenter:Proxy:KnownProxies:0", Proxy), new("MoveCenter:Proxy:KnownNetworks:0", "10.1.0.0/16")]));
        }
    }
}
