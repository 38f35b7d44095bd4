using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Common;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>One address that keeps failing is refused that account alone; only failures spread over addresses lock the account.</summary>
public sealed class FailedSignInsTests(FailedSignInsTests.CountingHost factory) : IClassFixture<FailedSignInsTests.CountingHost>
{
    private const string Admin = MoveCenterWebFactory.AdminUser;
    private const string Password = "Helpdesk-Passw0rd!";
    private const string WrongPassword = "not-the-password";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_address_that_keeps_failing_is_refused_429_while_the_admin_signs_in_from_elsewhere()
    {
        using var guesser = ClientFrom("203.0.113.21");
        await FailAsync(guesser, Admin, CountingHost.PerAccountAndAddress);

        using var refused = await SignInForm.SignInAsync(guesser, Admin, MoveCenterWebFactory.AdminPassword, Ct);

        AssertRefused(refused, await refused.Content.ReadAsStringAsync(Ct));
        using var elsewhere = ClientFrom("198.51.100.21");
        using var signedIn = await SignInForm.SignInAsync(elsewhere, Admin, MoveCenterWebFactory.AdminPassword, Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_success_from_an_address_starts_its_count_again()
    {
        // An account of its own: the failures left at the end would otherwise count towards the admin's lockout.
        await CreateAccountAsync("fumbler");
        using var fumbler = ClientFrom("203.0.113.22");
        await FailAsync(fumbler, "fumbler", CountingHost.PerAccountAndAddress - 1);
        using (var signedIn = await SignInForm.SignInAsync(fumbler, "fumbler", Password, Ct))
            Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);

        await FailAsync(fumbler, "fumbler", CountingHost.PerAccountAndAddress);

        using var refused = await SignInForm.SignInAsync(fumbler, "fumbler", WrongPassword, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    [Fact]
    public async Task An_unknown_name_is_refused_just_like_a_real_account()
    {
        using var prober = ClientFrom("203.0.113.23");
        await FailAsync(prober, "nobody-here", CountingHost.PerAccountAndAddress);

        using var refused = await SignInForm.SignInAsync(prober, "nobody-here", WrongPassword, Ct);

        AssertRefused(refused, await refused.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Failures_spread_over_enough_addresses_still_lock_the_account_itself()
    {
        const string target = "spread-target";
        var accounts = await CreateAccountAsync(target);
        var addresses = (CountingHost.PerAccount + CountingHost.PerAccountAndAddress - 1) / CountingHost.PerAccountAndAddress;
        for (var address = 1; address <= addresses; address++)
        {
            using var guesser = ClientFrom($"192.0.2.{address}");
            await FailAsync(guesser, target, CountingHost.PerAccountAndAddress);
        }

        using var owner = ClientFrom("198.51.100.24");
        using var lockedOut = await SignInForm.SignInAsync(owner, target, Password, Ct);

        Assert.Contains("error=invalid", lockedOut.Headers.Location!.OriginalString);
        Assert.NotNull(Assert.Single(await accounts.ListAsync(Ct), account => account.UserName == target).LockedUntil);
    }

    private async Task<SignInAccounts> CreateAccountAsync(string userName)
    {
        var accounts = factory.Services.GetRequiredService<SignInAccounts>();
        await accounts.CreateAsync(Admin, userName, null, Roles.Helpdesk, Password);
        return accounts;
    }

    /// <summary>Each failure gets the ordinary wrong-password answer.</summary>
    private static async Task FailAsync(HttpClient client, string userName, int times)
    {
        for (var attempt = 1; attempt <= times; attempt++)
        {
            using var failed = await SignInForm.SignInAsync(client, userName, WrongPassword, Ct);
            Assert.Equal(HttpStatusCode.Redirect, failed.StatusCode);
            Assert.Contains("error=invalid", failed.Headers.Location!.OriginalString);
        }
    }

    private static void AssertRefused(HttpResponseMessage refused, string body)
    {
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), CountingHost.Refusal);
        Assert.Equal("Too many sign-in attempts from your address. Try again in " + (int)retryAfter.Value.TotalSeconds + " seconds.", body);
        Assert.Empty(SignInForm.SessionCookies(refused));
    }

    private HttpClient ClientFrom(string address)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, address);
        return client;
    }

    /// <summary>A host with small failure counts, taking each test client's address from a header.</summary>
    public sealed class CountingHost : MoveCenterWebFactory
    {
        public const int PerAccountAndAddress = 3;
        public const int PerAccount = 5;
        public static readonly TimeSpan Refusal = TimeSpan.FromMinutes(15);

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureAppConfiguration(configuration => configuration.AddInMemoryCollection(
            [
                new("MoveCenter:Security:FailedSignInsPerAccountAndAddress", PerAccountAndAddress.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("MoveCenter:Security:FailedSignInsPerAccount", PerAccount.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new("MoveCenter:Security:FailedSignInsRefusal", Refusal.ToString()),
            ]));
            builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, ClientAddressFromHeader>());
        }
    }
}
