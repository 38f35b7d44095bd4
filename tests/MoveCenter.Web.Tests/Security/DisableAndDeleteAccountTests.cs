using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>An admin disables, enables and deletes sign-in accounts; it takes effect at once, and nobody can lock out every admin.</summary>
public abstract class DisableAndDeleteAccountTests(MoveCenterWebFactory factory)
{
    private const string Admin = MoveCenterWebFactory.AdminUser;
    private const string Password = "Helpdesk-Passw0rd!";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInAccounts Accounts => factory.Services.GetRequiredService<SignInAccounts>();

    [Fact]
    public async Task A_disabled_account_gets_the_wrong_password_answer_and_its_cookie_is_refused_at_once()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "leaver", null, Roles.Helpdesk, Password);
        var (_, copy) = await factory.SignInAsync("leaver", Password);

        await Accounts.DisableAsync(Admin, "leaver");

        await factory.AssertRefusedAsync(copy);
        using var client = factory.CreateClient(new() { AllowAutoRedirect = false });
        using var disabled = await SignInForm.SignInAsync(client, "leaver", Password, Ct);
        using var wrong = await SignInForm.SignInAsync(client, Admin, "not-the-password", Ct);
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(wrong.Headers.Location, disabled.Headers.Location);
        Assert.Empty(SignInForm.SessionCookies(disabled));
        Assert.Contains(new SignInAccount("leaver", null, Roles.Helpdesk, Disabled: true, LockedUntil: null), await Accounts.ListAsync(Ct));
    }

    [Fact]
    public async Task An_open_page_of_a_disabled_account_turns_anonymous()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "leaver-with-page", null, Roles.Helpdesk, Password);
        using var page = await factory.OpenPageAsync("leaver-with-page");
        await page.AssertStillSignedInAsync();

        await Accounts.DisableAsync(Admin, "leaver-with-page");

        await page.AssertTurnsAnonymousAsync();
    }

    [Fact]
    public async Task An_open_page_turns_anonymous_when_the_account_is_disabled_even_without_a_new_stamp()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "locked-by-hand", null, Roles.Helpdesk, Password);
        using var page = await factory.OpenPageAsync("locked-by-hand");
        await page.AssertStillSignedInAsync();

        await WithUserAsync("locked-by-hand", (users, user) => users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue));

        await page.AssertTurnsAnonymousAsync();
    }

    [Fact]
    public async Task An_enabled_account_signs_in_again()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "returner", null, Roles.Helpdesk, Password);
        await Accounts.DisableAsync(Admin, "returner");

        await Accounts.EnableAsync(MoveCenterWebFactory.AdminUser, "returner");

        await factory.SignInAsync("returner", Password);
        Assert.Contains(new SignInAccount("returner", null, Roles.Helpdesk, Disabled: false, LockedUntil: null), await Accounts.ListAsync(Ct));
    }

    [Fact]
    public async Task A_temporary_lockout_is_listed_with_its_end_and_an_admin_can_unlock_it()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "fumbler", null, Roles.Helpdesk, Password);
        var until = DateTimeOffset.UtcNow.AddMinutes(5);
        await WithUserAsync("fumbler", (users, user) => users.SetLockoutEndDateAsync(user, until));
        var listed = (await Accounts.ListAsync(Ct)).Single(a => a.UserName == "fumbler");
        Assert.False(listed.Disabled);
        Assert.Equal(until.UtcTicks / TimeSpan.TicksPerSecond, listed.LockedUntil!.Value.UtcTicks / TimeSpan.TicksPerSecond);

        await Accounts.EnableAsync(MoveCenterWebFactory.AdminUser, "fumbler");

        await factory.SignInAsync("fumbler", Password);
    }

    [Fact]
    public async Task A_deleted_account_is_gone_and_its_cookie_is_refused()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "removed", null, Roles.Helpdesk, Password);
        var (_, copy) = await factory.SignInAsync("removed", Password);

        await Accounts.DeleteAsync(Admin, "removed");

        await factory.AssertRefusedAsync(copy);
        Assert.DoesNotContain(await Accounts.ListAsync(Ct), a => a.UserName == "removed");
    }

    [Fact]
    public async Task An_admin_cannot_disable_delete_or_demote_themselves()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "second-admin", null, Roles.Admin, Password);

        var disable = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.DisableAsync("second-admin", "second-admin"));
        var delete = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.DeleteAsync("second-admin", "second-admin"));
        var demote = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.ChangeRoleAsync("second-admin", "second-admin", Roles.Helpdesk));

        Assert.Equal("You cannot disable your own account; another admin can.", disable.Message);
        Assert.Equal("You cannot delete your own account; another admin can.", delete.Message);
        Assert.Equal("You cannot take away your own admin role; another admin can.", demote.Message);
        Assert.Contains(new SignInAccount("second-admin", null, Roles.Admin, Disabled: false, LockedUntil: null), await Accounts.ListAsync(Ct));
    }

    [Fact]
    public async Task The_last_enabled_admin_cannot_be_disabled_deleted_or_demoted()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "disabled-admin", null, Roles.Admin, Password);
        await Accounts.DisableAsync(Admin, "disabled-admin");
        foreach (var other in (await Accounts.ListAsync(Ct)).Where(a => a is { Role: Roles.Admin, Disabled: false } && a.UserName != Admin))
            await Accounts.DeleteAsync(Admin, other.UserName);

        // The disabled admin asks: it is not about who asks, but about whether an enabled admin would be left.
        var disable = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.DisableAsync("disabled-admin", Admin));
        var delete = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.DeleteAsync("disabled-admin", Admin));
        var demote = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.ChangeRoleAsync("disabled-admin", Admin, Roles.Helpdesk));

        Assert.All(new[] { disable, delete, demote }, refused => Assert.Contains($"{Admin} is the last enabled admin", refused.Message));
        Assert.Contains(new SignInAccount(Admin, "Administrator", Roles.Admin, Disabled: false, LockedUntil: null), await Accounts.ListAsync(Ct));
        await factory.SignInAsync(Admin, MoveCenterWebFactory.AdminPassword);
    }

    private async Task WithUserAsync(string userName, Func<UserManager<AppUser>, AppUser, Task<IdentityResult>> change)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.True((await change(users, (await users.FindByNameAsync(userName))!)).Succeeded);
    }
}

/// <summary>On the embedded SQLite database.</summary>
public sealed class DisableAndDeleteAccountOnSqliteTests(MoveCenterWebFactory factory) : DisableAndDeleteAccountTests(factory), IClassFixture<MoveCenterWebFactory>;

/// <summary>On PostgreSQL, where a disabled account's lockout end, the end of time, is stored as infinity.</summary>
public sealed class DisableAndDeleteAccountOnPostgreSqlTests(PostgreSqlWebFactory factory) : DisableAndDeleteAccountTests(factory), IClassFixture<PostgreSqlWebFactory>;
