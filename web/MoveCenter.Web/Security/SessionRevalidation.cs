using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

/// <summary>
/// An open page keeps its circuit for hours without another HTTP request, so the cookie check never sees it again.
/// This checks the security stamp every few seconds: once the user signs out elsewhere, has a new role or password, is disabled or deleted,
/// the page turns anonymous and loses what it showed and the buttons that go with it.
/// </summary>
public sealed class SessionRevalidation(ILoggerFactory loggers, IServiceScopeFactory scopes, IOptions<SecurityOptions> options)
    : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => options.Value.SessionRevalidationInterval;

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState state, CancellationToken cancellationToken)
    {
        // A scope of its own each time: a circuit must not hold an Identity DbContext for its whole life.
        await using var scope = scopes.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
        // Disabling renews the stamp too; this also catches a lockout set without it. A temporary lockout after failed
        // attempts does not end the session: anyone who knows the user name could cause one.
        return await signIn.ValidateSecurityStampAsync(state.User) is { } user && !SignInAccounts.IsDisabled(user);
    }
}
