using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>The sign-in users service over the real Identity stores of a whole host. Tests of a class run one by one.</summary>
[Collection(SerialHosts.Name)]
public sealed class SignInAccountsTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string Password = "Helpdesk-Passw0rd!";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInAccounts Accounts => factory.Services.GetRequiredService<SignInAccounts>();

    [Fact]
    public async Task A_created_user_is_listed_with_its_role()
    {
        await Accounts.CreateAsync("test-admin", "helpdesk-list", "Help Desk", Roles.Helpdesk, Password);

        var accounts = await Accounts.ListAsync(Ct);

        Assert.Contains(new SignInAccount("helpdesk-list", "Help Desk", Roles.Helpdesk, Disabled: false, LockedUntil: null), accounts);
        Assert.Contains(accounts, a => a.UserName == MoveCenterWebFactory.AdminUser && a.Role == Roles.Admin);
    }

    [Fact]
    public async Task A_password_shorter_than_twelve_characters_is_refused_with_identitys_reason()
    {
        var refused = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.CreateAsync("test-admin", "short-pw", null, Roles.Helpdesk, "Sh0rt!"));

        Assert.Contains("at least 12 characters", refused.Message);
        Assert.DoesNotContain(await Accounts.ListAsync(Ct), a => a.UserName == "short-pw");
    }

    [Fact]
    public async Task An_unknown_role_is_refused()
    {
        await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.CreateAsync("test-admin", "root", null, "Root", Password));
    }

    [Fact]
    public async Task A_role_can_be_changed()
    {
        await Accounts.CreateAsync("test-admin", "promoted", null, Roles.Helpdesk, Password);

        await Accounts.ChangeRoleAsync(MoveCenterWebFactory.AdminUser, "promoted", Roles.Admin);

        Assert.Equal(Roles.Admin, (await Accounts.ListAsync(Ct)).Single(a => a.UserName == "promoted").Role);
        await Accounts.ChangeRoleAsync(MoveCenterWebFactory.AdminUser, "promoted", Roles.Helpdesk);
        Assert.Equal(Roles.Helpdesk, (await Accounts.ListAsync(Ct)).Single(a => a.UserName == "promoted").Role);
    }

    [Fact]
    public async Task A_reset_password_is_the_one_that_signs_in()
    {
        await Accounts.CreateAsync("test-admin", "forgetful", null, Roles.Helpdesk, Password);

        await Accounts.ResetPasswordAsync("test-admin", "forgetful", "Brand-New-Passw0rd!");

        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByNameAsync("forgetful"))!;
        Assert.True(await users.CheckPasswordAsync(user, "Brand-New-Passw0rd!"));
        Assert.False(await users.CheckPasswordAsync(user, Password));
    }

    [Fact]
    public async Task The_last_admin_cannot_be_made_helpdesk()
    {
        foreach (var other in (await Accounts.ListAsync(Ct)).Where(a => a.Role == Roles.Admin && a.UserName != MoveCenterWebFactory.AdminUser))
            await Accounts.ChangeRoleAsync(MoveCenterWebFactory.AdminUser, other.UserName, Roles.Helpdesk);

        var refused = await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.ChangeRoleAsync("someone-else", MoveCenterWebFactory.AdminUser, Roles.Helpdesk));

        Assert.Contains("last enabled admin", refused.Message);
        Assert.Equal(Roles.Admin, (await Accounts.ListAsync(Ct)).Single(a => a.UserName == MoveCenterWebFactory.AdminUser).Role);
    }
}
