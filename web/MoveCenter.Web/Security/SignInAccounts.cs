using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

public sealed record SignInAccount(string UserName, string? DisplayName, string Role, bool LockedOut);

/// <summary>
/// The people who sign in to MoveCenter: list them, add one with a role, change a role, reset a password.
/// Each call works in a scope of its own, so a long-lived Blazor circuit never holds an Identity DbContext.
/// Refusals (Identity's password rules, an unknown role, demoting the last admin) are RequestRejectedExceptions.
/// Each change and its audit entry are saved in one transaction: a refused change leaves neither.
/// </summary>
public sealed class SignInAccounts(IServiceScopeFactory scopes, AuditTrail audit)
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

    public async Task CreateAsync(string userName, string? displayName, string role, string password, string actor)
    {
        RequireRole(role);
        if (string.IsNullOrWhiteSpace(userName)) throw RequestRejectedException.Invalid("Enter a user name.");
        var user = new AppUser { UserName = userName.Trim(), DisplayName = string.IsNullOrWhiteSpace(displayName) ? null : displayName.Trim(), EmailConfirmed = true };
        await ChangeAsync(actor, AuditActions.SignInAccountCreate, user.UserName, () => $"Role {role}", async users =>
        {
            Check(await users.CreateAsync(user, password ?? ""));
            Check(await users.AddToRoleAsync(user, role));
            return true;
        });
    }

    public async Task ChangeRoleAsync(string userName, string role, string actor)
    {
        RequireRole(role);
        string? previous = null;
        await ChangeAsync(actor, AuditActions.SignInAccountRoleChange, userName, () => $"{previous} -> {role}", async users =>
        {
            var user = await FindAsync(users, userName);
            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role) return false;
            if (current.Contains(Roles.Admin) && role != Roles.Admin && (await users.GetUsersInRoleAsync(Roles.Admin)).Count <= 1)
                throw RequestRejectedException.Conflict($"{userName} is the last admin; make someone else an admin first.");
            previous = string.Join(", ", current);
            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
            // Ends the user's sessions at once (cookies and open pages), so nobody keeps a role they no longer have.
            Check(await users.UpdateSecurityStampAsync(user));
            return true;
        });
    }

    public async Task ResetPasswordAsync(string userName, string newPassword, string actor) =>
        await ChangeAsync(actor, AuditActions.SignInAccountPasswordReset, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            // Identity renews the security stamp with the password, so sessions signed in with the old one end at once.
            Check(await users.ResetPasswordAsync(user, token, newPassword ?? ""));
            return true;
        });

    /// <summary>
    /// Runs <paramref name="change"/> on the scope's Identity DbContext inside a transaction and adds the audit entry
    /// to it; Identity saves after each step, so the transaction is what keeps the steps and the entry together.
    /// A change that returns false changed nothing and is not recorded. The details are read after the change, which finds them out.
    /// </summary>
    private async Task ChangeAsync(string actor, string action, string target, Func<string?> details, Func<UserManager<AppUser>, Task<bool>> change)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<MoveCenterDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync();
        if (!await change(users)) return;
        audit.Record(db, actor, action, target, details());
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
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
