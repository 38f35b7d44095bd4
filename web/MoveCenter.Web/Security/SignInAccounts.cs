using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

public sealed record SignInAccount(string UserName, string? DisplayName, string Role, bool LockedOut);

/// <summary>
/// The people who sign in to MoveCenter: list them, add one with a role, change a role, reset a password.
/// Each call works in a scope of its own, so a long-lived Blazor circuit never holds an Identity DbContext.
/// Refusals (Identity's password rules, an unknown role, demoting the last admin) are RequestRejectedExceptions.
/// </summary>
public sealed class SignInAccounts(IServiceScopeFactory scopes)
{
    public async Task<IReadOnlyList<SignInAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var accounts = new List<SignInAccount>();
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken))
        {
            var roles = await users.GetRolesAsync(user);
            accounts.Add(new SignInAccount(user.UserName!, user.DisplayName, roles.FirstOrDefault() ?? "",
                user.LockoutEnd is { } end && end > DateTimeOffset.UtcNow));
        }
        return accounts;
    }

    public async Task CreateAsync(string userName, string? displayName, string role, string password)
    {
        RequireRole(role);
        if (string.IsNullOrWhiteSpace(userName)) throw RequestRejectedException.Invalid("Enter a user name.");
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName.Trim(), DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(), EmailConfirmed = true };
        Check(await users.CreateAsync(user, password ?? ""));
        Check(await users.AddToRoleAsync(user, role));
    }

    public async Task ChangeRoleAsync(string userName, string role)
    {
        RequireRole(role);
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await FindAsync(users, userName);
        var current = await users.GetRolesAsync(user);
        if (current.Count == 1 && current[0] == role) return;
        if (current.Contains(Roles.Admin) && role != Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
            throw RequestRejectedException.Conflict($"{userName} is the last admin; make someone else an admin first.");
        Check(await users.RemoveFromRolesAsync(user, current));
        Check(await users.AddToRoleAsync(user, role));
        // Ends the user's sessions at once (cookies and open pages), so nobody keeps a role they no longer have.
        Check(await users.UpdateSecurityStampAsync(user));
    }

    public async Task ResetPasswordAsync(string userName, string newPassword)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await FindAsync(users, userName);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        // Identity renews the security stamp with the password, so sessions signed in with the old one end at once.
        Check(await users.ResetPasswordAsync(user, token, newPassword ?? ""));
    }

    private static async Task<AppUser> FindAsync(UserManager<AppUser> users, string userName) =>
        await users.FindByNameAsync(userName) ?? throw RequestRejectedException.NotFound($"There is no sign-in user {userName}.");

    private static void RequireRole(string role)
    {
        if (!Roles.All.Contains(role)) throw RequestRejectedException.Invalid($"The role must be one of {string.Join(", ", Roles.All)}.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw RequestRejectedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
    }
}
