using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

/// <summary>One sign-in user as the users page shows it. <paramref name="LockedUntil"/> is a temporary lockout after failed attempts.</summary>
public sealed record SignInAccount(string UserName, string? DisplayName, string Role, bool Disabled, DateTimeOffset? LockedUntil);

/// <summary>
/// The people who sign in to MoveCenter: list them, add one with a role, change a role, reset a password, disable,
/// enable and delete one, and let someone change their own password.
/// Each call works in a scope of its own, so a long-lived Blazor circuit never holds an Identity DbContext.
/// Refusals (Identity's password rules, an unknown role, a guard rail) are RequestRejectedExceptions; nothing was changed.
/// <paramref name="actor"/> arguments are the user name of the admin asking, who may not lock themselves out.
/// Each change and its audit entry are saved in one transaction: a refused change leaves neither.
/// </summary>
public sealed class SignInAccounts(IServiceScopeFactory scopes, AuditTrail audit)
{
    public async Task<IReadOnlyList<SignInAccount>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var accounts = new List<SignInAccount>();
        var now = DateTimeOffset.UtcNow;
        foreach (var user in await users.Users.OrderBy(u => u.UserName).ToListAsync(cancellationToken))
        {
            var roles = await users.GetRolesAsync(user);
            var disabled = IsDisabled(user);
            accounts.Add(new SignInAccount(user.UserName!, user.DisplayName, roles.FirstOrDefault() ?? "", disabled,
                !disabled && user.LockoutEnd is { } end && end > now ? end : null));
        }
        return accounts;
    }

    public async Task CreateAsync(string actor, string userName, string? displayName, string role, string password)
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

    public async Task ChangeRoleAsync(string actor, string userName, string role)
    {
        RequireRole(role);
        string? previous = null;
        await ChangeAsync(actor, AuditActions.SignInAccountRoleChange, userName, () => $"{previous} -> {role}", async users =>
        {
            var user = await FindAsync(users, userName);
            var current = await users.GetRolesAsync(user);
            if (current.Count == 1 && current[0] == role) return false;
            if (current.Contains(Roles.Admin) && role != Roles.Admin)
                await GuardAdminAsync(users, actor, user, "take away your own admin role", "demoting");
            previous = string.Join(", ", current);
            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role));
            // Ends the user's sessions at once (cookies and open pages), so nobody keeps a role they no longer have.
            Check(await users.UpdateSecurityStampAsync(user));
            return true;
        });
    }

    public Task ResetPasswordAsync(string actor, string userName, string newPassword) =>
        ChangeAsync(actor, AuditActions.SignInAccountPasswordReset, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            var token = await users.GeneratePasswordResetTokenAsync(user);
            // Identity renews the security stamp with the password, so sessions signed in with the old one end at once.
            Check(await users.ResetPasswordAsync(user, token, newPassword ?? ""));
            Check(await users.RemoveClaimAsync(user, BootstrapAccounts.GeneratedPassword));
            return true;
        });

    /// <summary>
    /// The account can no longer sign in, and its sessions end at once. Identity's lockout until the end of time is the
    /// flag (no column of our own): the sign-in form then answers as it does for a wrong password.
    /// </summary>
    public Task DisableAsync(string actor, string userName) =>
        ChangeAsync(actor, AuditActions.SignInAccountDisable, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            if (IsDisabled(user)) return false;
            await GuardAdminAsync(users, actor, user, "disable your own account", "disabling");
            Check(await users.SetLockoutEnabledAsync(user, true));
            Check(await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));
            Check(await users.UpdateSecurityStampAsync(user));
            return true;
        });

    /// <summary>A disabled account, or one locked for a while after failed attempts, can sign in again.</summary>
    public Task EnableAsync(string actor, string userName) =>
        ChangeAsync(actor, AuditActions.SignInAccountEnable, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            if (user.LockoutEnd is null && user.AccessFailedCount == 0) return false;
            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return true;
        });

    public Task DeleteAsync(string actor, string userName) =>
        ChangeAsync(actor, AuditActions.SignInAccountDelete, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            await GuardAdminAsync(users, actor, user, "delete your own account", "deleting");
            // A deleted user's cookie finds no user and is refused: no stamp to renew.
            Check(await users.DeleteAsync(user));
            return true;
        });

    /// <summary>
    /// A signed-in person's own change, which needs the current password: a session left open on a shared desk must not
    /// be enough to take the account over. Renews the security stamp, so every other session of the user ends.
    /// </summary>
    public async Task<PasswordChange> ChangeOwnPasswordAsync(string userName, string? currentPassword, string? newPassword, string? confirmation)
    {
        if (string.IsNullOrEmpty(currentPassword) || string.IsNullOrEmpty(newPassword) || string.IsNullOrEmpty(confirmation))
            return PasswordChange.Missing;
        if (newPassword != confirmation) return PasswordChange.ConfirmationDiffers;
        if (newPassword == currentPassword) return PasswordChange.Unchanged;
        var outcome = PasswordChange.Changed;
        await ChangeAsync(userName, AuditActions.SignInAccountOwnPasswordChange, userName, () => null, async users =>
        {
            var user = await FindAsync(users, userName);
            var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
            if (changed.Succeeded)
            {
                Check(await users.RemoveClaimAsync(user, BootstrapAccounts.GeneratedPassword));
                return true;
            }
            if (changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch))) outcome = PasswordChange.WrongCurrentPassword;
            // Identity's password validators name their errors PasswordTooShort, PasswordRequiresDigit, …
            else if (changed.Errors.All(e => e.Code.StartsWith("Password", StringComparison.Ordinal))) outcome = PasswordChange.BreaksRules;
            else throw Rejected(changed);
            return false;
        });
        return outcome;
    }

    public static bool IsDisabled(AppUser user) => user.LockoutEnd == DateTimeOffset.MaxValue;

    /// <summary>Refuses to let an admin lock themselves out, or anyone take away the last enabled admin.</summary>
    private static async Task GuardAdminAsync(UserManager<AppUser> users, string actor, AppUser user, string selfAction, string otherAction)
    {
        if (users.NormalizeName(actor) == user.NormalizedUserName)
            throw RequestRejectedException.Conflict($"You cannot {selfAction}; another admin can.");
        if (IsDisabled(user) || !await users.IsInRoleAsync(user, Roles.Admin)) return;
        if (!(await users.GetUsersInRoleAsync(Roles.Admin)).Any(admin => admin.Id != user.Id && !IsDisabled(admin)))
            throw RequestRejectedException.Conflict(
                $"{user.UserName} is the last enabled admin; {otherAction} them would leave nobody to manage MoveCenter. Make someone else an admin first.");
    }

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
        await db.InTransactionAsync(async () =>
        {
            if (!await change(users)) return false;
            audit.Record(db, actor, action, target, details());
            await db.SaveChangesAsync();
            return true;
        }, CancellationToken.None);
    }

    private static async Task<AppUser> FindAsync(UserManager<AppUser> users, string userName) =>
        await users.FindByNameAsync(userName) ?? throw RequestRejectedException.NotFound($"There is no sign-in user '{userName}'.");

    private static void RequireRole(string role)
    {
        if (!Roles.All.Contains(role)) throw RequestRejectedException.Invalid($"The role must be one of {string.Join(", ", Roles.All)}.");
    }

    private static void Check(IdentityResult result)
    {
        if (!result.Succeeded) throw Rejected(result);
    }

    private static RequestRejectedException Rejected(IdentityResult result) =>
        RequestRejectedException.Invalid(string.Join(" ", result.Errors.Select(e => e.Description)));
}

/// <summary>How a person's change of their own password ended; the page says each in plain words.</summary>
public enum PasswordChange
{
    Changed,
    Missing,
    ConfirmationDiffers,
    Unchanged,
    BreaksRules,
    WrongCurrentPassword,
}
