using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

public static class AccountEndpoints
{
    public static void MapAccountEndpoints(this WebApplication app)
    {
        var account = app.MapGroup("/account").ExcludeFromDescription();
        account.MapPost("/login", LoginAsync).AllowAnonymous().RequireRateLimiting(SignInThrottle.Policy);
        account.MapPost("/logout", LogoutAsync);
        // Throttled like sign-in: a session left open must not be a way to guess the current password quickly.
        account.MapPost("/password", ChangePasswordAsync).RequireRateLimiting(SignInThrottle.Policy);
    }

    private static async Task<IResult> ChangePasswordAsync(
        [FromForm] string? currentPassword, [FromForm] string? newPassword, [FromForm] string? confirmation,
        HttpContext http, SignInAccounts accounts, FailedSignIns failures, IServiceScopeFactory scopes, ILogger<SignInAccounts> logger)
    {
        var userName = http.User.Identity!.Name!;
        // Guessing the current password is guessing the sign-in password: it shares that count, but never goes against
        // the account itself (Identity's password change does not count failures).
        var address = SignInThrottle.ClientAddress(http);
        if (failures.WaitBeforeTrying(userName, address) is { } wait) return new TooManySignInAttempts(wait);
        var outcome = await accounts.ChangeOwnPasswordAsync(userName, currentPassword, newPassword, confirmation);
        logger.LogInformation("{UserName} asked to change their password: {Outcome}", userName, outcome);
        if (outcome == PasswordChange.WrongCurrentPassword) failures.Fail(userName, address);
        if (outcome == PasswordChange.Changed)
        {
            failures.Succeed(userName, address);
            // The new stamp ended this browser's cookie with all the others; it gets a fresh one. Not from this request's
            // UserManager: the cookie check loaded the user there, with the old stamp, and a cookie made of that is refused.
            await using var scope = scopes.CreateAsyncScope();
            var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>();
            await signIn.SignInAsync((await signIn.UserManager.FindByNameAsync(userName))!, isPersistent: false);
        }
        return TypedResults.LocalRedirect($"/account/password?outcome={outcome}");
    }

    private static async Task<IResult> LoginAsync(
        [FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl, HttpContext http,
        SignInManager<AppUser> signIn, IPasswordHasher<AppUser> hasher, FailedSignIns failures, ILogger<SignInManager<AppUser>> logger)
    {
        var target = IsLocal(returnUrl) ? returnUrl! : "/";
        if (string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password))
            return TypedResults.LocalRedirect($"/account/login?error=missing&returnUrl={Uri.EscapeDataString(target)}");

        userName = userName.Trim();
        var address = SignInThrottle.ClientAddress(http);
        // Asked before looking the name up, so an unknown name is refused exactly like a real one.
        if (failures.WaitBeforeTrying(userName, address) is { } wait)
        {
            logger.LogWarning("Sign-in for {UserName} refused to {Address} after too many failures", userName, address);
            return new TooManySignInAttempts(wait);
        }

        var user = await signIn.UserManager.FindByNameAsync(userName);
        var lockedOut = user is not null && await signIn.UserManager.IsLockedOutAsync(user);
        if (user is not null && !lockedOut)
        {
            // Failures go against the account below, only as many as this address may add.
            var result = await signIn.PasswordSignInAsync(user, password, isPersistent: false, lockoutOnFailure: false);
            if (result.Succeeded)
            {
                failures.Succeed(userName, address);
                logger.LogInformation("{UserName} signed in", userName);
                return TypedResults.LocalRedirect(target);
            }
        }
        else
        {
            // Identity answers an unknown or locked account without hashing; hash anyway, so the time taken does not tell
            // those apart from a wrong password.
            hasher.HashPassword(user ?? new AppUser(), password);
        }
        if (failures.Fail(userName, address) && user is not null && !lockedOut)
        {
            await signIn.UserManager.AccessFailedAsync(user);
            lockedOut = await signIn.UserManager.IsLockedOutAsync(user);
        }
        logger.LogWarning("Failed sign-in for {UserName} from {Address} (known: {Known}, locked out: {LockedOut})",
            userName, address, user is not null, lockedOut);
        // One answer for an unknown user, a wrong password and a locked account, so the form does not tell who exists.
        return TypedResults.LocalRedirect($"/account/login?error=invalid&returnUrl={Uri.EscapeDataString(target)}");
    }

    private static async Task<Results<RedirectHttpResult, ProblemHttpResult>> LogoutAsync(
        HttpContext http, IAntiforgery antiforgery, SignInManager<AppUser> signIn)
    {
        // Without the form's token another site could sign an admin out; the endpoint reads no form, so nothing checks it for us.
        if (!await antiforgery.IsRequestValidAsync(http))
            return TypedResults.Problem(title: "Sign-out refused", detail: "The sign-out form's antiforgery token is missing or wrong.",
                statusCode: StatusCodes.Status400BadRequest);

        // A new security stamp makes every copy of this user's cookie worthless, not just the one this browser drops.
        if (await signIn.UserManager.GetUserAsync(http.User) is { } user)
            await signIn.UserManager.UpdateSecurityStampAsync(user);
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }

    private static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
