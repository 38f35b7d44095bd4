using System.Net;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>Signed-in browsers of a test host, copies of their cookies, and pages they left open.</summary>
public static class Sessions
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Signs in through the form; returns the browser (it keeps its cookie) and a copy of the session cookie.</summary>
    public static async Task<(HttpClient Browser, string Copy)> SignInAsync(this MoveCenterWebFactory factory, string userName, string password)
    {
        var browser = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var signedIn = await SignInForm.SignInAsync(browser, userName, password, Ct);
        Assert.Equal("/moves", signedIn.Headers.Location!.OriginalString);
        var copy = SignInForm.SessionCookie(signedIn);
        await factory.AssertServedAsync(copy);
        return (browser, copy);
    }

    public static async Task AssertRefusedAsync(this MoveCenterWebFactory factory, string cookie)
    {
        using var response = await factory.MovesPageWithAsync(cookie);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/account/login", response.Headers.Location!.AbsolutePath);
    }

    public static async Task AssertServedAsync(this MoveCenterWebFactory factory, string cookie)
    {
        using var response = await factory.MovesPageWithAsync(cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A page of the user's, open in a circuit that checks its session every 100 ms.</summary>
    public static async Task<OpenPage> OpenPageAsync(this MoveCenterWebFactory factory, string userName)
    {
        var circuit = new SessionRevalidation(NullLoggerFactory.Instance, factory.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new SecurityOptions { SessionRevalidationInterval = TimeSpan.FromMilliseconds(100) }));
        await using var scope = factory.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await signIn.UserManager.FindByNameAsync(userName))!);
        circuit.SetAuthenticationState(Task.FromResult(new AuthenticationState(principal)));
        return new OpenPage(circuit);
    }

    private static async Task<HttpResponseMessage> MovesPageWithAsync(this MoveCenterWebFactory factory, string cookie)
    {
        var client = factory.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });
        client.DefaultRequestHeaders.Add("Cookie", cookie);
        return await client.GetAsync("/moves", Ct);
    }
}

/// <summary>An open page's authentication state, as its circuit sees it.</summary>
public sealed class OpenPage : IDisposable
{
    private readonly SessionRevalidation _circuit;
    private readonly TaskCompletionSource<Task<AuthenticationState>> _changed = new();

    public OpenPage(SessionRevalidation circuit)
    {
        _circuit = circuit;
        circuit.AuthenticationStateChanged += state => _changed.TrySetResult(state);
    }

    /// <summary>Watches for a while: the page must keep its user before anything happened to them.</summary>
    public async Task AssertStillSignedInAsync()
    {
        await Task.Delay(TimeSpan.FromMilliseconds(500), TestContext.Current.CancellationToken);
        Assert.False(_changed.Task.IsCompleted, "The page lost its user before anything changed");
    }

    public async Task AssertTurnsAnonymousAsync()
    {
        var state = await await _changed.Task.WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        Assert.False(state.User.Identity?.IsAuthenticated);
    }

    public void Dispose() => ((IDisposable)_circuit).Dispose();
}
