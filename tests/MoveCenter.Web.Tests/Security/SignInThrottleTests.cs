using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

public sealed class SignInThrottleTests(SignInThrottleTests.ThrottledHost factory) : IClassFixture<SignInThrottleTests.ThrottledHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sign_in_posts_beyond_the_limit_from_one_address_are_answered_429_with_retry_after()
    {
        using var client = ClientFrom("203.0.113.7");
        for (var attempt = 1; attempt <= ThrottledHost.AttemptsPerMinute; attempt++)
        {
            using var refused = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, "not-the-password", Ct);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        }

        using var throttled = await SignInForm.SignInAsync(client, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        var retryAfter = throttled.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Assert.Contains("Too many sign-in attempts", await throttled.Content.ReadAsStringAsync(Ct));
        Assert.Empty(SignInForm.SessionCookies(throttled));
    }

    [Fact]
    public async Task Another_address_can_still_sign_in_while_one_is_throttled()
    {
        using var noisy = ClientFrom("203.0.113.8");
        for (var attempt = 0; attempt <= ThrottledHost.AttemptsPerMinute; attempt++)
            (await SignInForm.SignInAsync(noisy, "nobody", "not-the-password", Ct)).Dispose();
        using var quiet = ClientFrom("198.51.100.9");

        using var signedIn = await SignInForm.SignInAsync(quiet, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
    }

    private HttpClient ClientFrom(string address)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    /// <summary>A host that allows few sign-in posts, and takes each test client's address from a header.</summary>
    public class ThrottledHost : MoveCenterWebFactory
    {
        public const int AttemptsPerMinute = 3;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
                [new("MoveCenter:Security:SignInAttemptsPerMinute", AttemptsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        }
    }
}
