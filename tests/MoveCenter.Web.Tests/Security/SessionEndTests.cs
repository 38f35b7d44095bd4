using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>A session ends on the server: a copy of the cookie, or a page left open, is worth nothing afterwards.</summary>
public sealed class SessionEndTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string Password = "Helpdesk-Passw0rd!";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInAccounts Accounts => factory.Services.GetRequiredService<SignInAccounts>();

    [Fact]
    public async Task A_cookie_copied_before_sign_out_is_refused_afterwards()
    {
        var (browser, copy) = await SignedInHelpdeskAsync("signs-out");
        var token = await SignInForm.AntiforgeryTokenAsync(browser, "/moves", Ct);

        using var signOut = await browser.PostAsync("/account/logout", TokenForm(token), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);
        await AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task A_cookie_from_before_a_role_change_is_refused()
    {
        var (_, copy) = await SignedInHelpdeskAsync("changes-role");

        await Accounts.ChangeRoleAsync("changes-role", Roles.Admin, "test-admin");

        await AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task A_cookie_from_before_a_password_reset_is_refused()
    {
        var (_, copy) = await SignedInHelpdeskAsync("gets-new-password");

        await Accounts.ResetPasswordAsync("gets-new-password", "Another-Passw0rd!", "test-admin");

        await AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task Signing_out_without_the_forms_token_is_refused_and_the_session_goes_on()
    {
        var (browser, copy) = await SignedInHelpdeskAsync("keeps-session");

        using var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var page = await browser.GetAsync("/moves", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await AssertServedAsync(copy);
    }

    [Fact]
    public async Task An_open_page_turns_anonymous_once_its_users_role_changes()
    {
        await Accounts.CreateAsync("open-page", null, Roles.Helpdesk, Password, "test-admin");
        using var circuit = new SessionRevalidation(NullLoggerFactory.Instance, factory.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new SecurityOptions { SessionRevalidationInterval = TimeSpan.FromMilliseconds(100) }));
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(await PrincipalAsync("open-page"))));
        var changed = new TaskCompletionSource<Task<AuthenticationState>>();
        circuit.AuthenticationStateChanged += state => changed.TrySetResult(state);

        await Task.Delay(TimeSpan.FromMilliseconds(500), Ct);
        Assert.False(changed.Task.IsCompleted, "The page lost its user before anything changed");
        await Accounts.ChangeRoleAsync("open-page", Roles.Admin, "test-admin");

        var state = await await changed.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    private async Task<(HttpClient Browser, string Copy)> SignedInHelpdeskAsync(string userName)
    {
        await Accounts.CreateAsync(userName, null, Roles.Helpdesk, Password, "test-admin");
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var signedIn = await SignInForm.SignInAsync(browser, userName, Password, Ct);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
        var copy = SignInForm.SessionCookie(signedIn);
        await AssertServedAsync(copy);
        return (browser, copy);
    }

    private async Task AssertRefusedAsync(string cookie)
    {
        using var response = await MovesPageWithAsync(cookie);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    private async Task AssertServedAsync(string cookie)
    {
        using var response = await MovesPageWithAsync(cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<HttpResponseMessage> MovesPageWithAsync(string cookie)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/moves", Ct);
    }

    private async Task<System.Security.Claims.ClaimsPrincipal> PrincipalAsync(string userName)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        return await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync(userName))!);
    }

    private static FormUrlEncodedContent TokenForm(string token) => new([new("__RequestVerificationToken", token)]);
}
