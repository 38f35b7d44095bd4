using System.Net;
using Microsoft.Extensions.DependencyInjection;
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
        var token = await SignInForm.AntiforgeryTokenAsync(browser, "/account/password", Ct);

        using var signOut = await browser.PostAsync("/account/logout", TokenForm(token), Ct);

        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/account/login", signOut.Headers.Location!.OriginalString);
        await factory.AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task A_cookie_from_before_a_role_change_is_refused()
    {
        var (_, copy) = await SignedInHelpdeskAsync("changes-role");

        await Accounts.ChangeRoleAsync(MoveCenterWebFactory.AdminUser, "changes-role", Roles.Admin);

        await factory.AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task A_cookie_from_before_a_password_reset_is_refused()
    {
        var (_, copy) = await SignedInHelpdeskAsync("gets-new-password");

        await Accounts.ResetPasswordAsync("test-admin", "gets-new-password", "Another-Passw0rd!");

        await factory.AssertRefusedAsync(copy);
    }

    [Fact]
    public async Task Signing_out_without_the_forms_token_is_refused_and_the_session_goes_on()
    {
        var (browser, copy) = await SignedInHelpdeskAsync("keeps-session");

        using var signOut = await browser.PostAsync("/account/logout", new FormUrlEncodedContent([]), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        using var page = await browser.GetAsync("/moves", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        await factory.AssertServedAsync(copy);
    }

    [Fact]
    public async Task An_open_page_turns_anonymous_once_its_users_role_changes()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "open-page", null, Roles.Helpdesk, Password);
        using var page = await factory.OpenPageAsync("open-page");
        await page.AssertStillSignedInAsync();

        await Accounts.ChangeRoleAsync(MoveCenterWebFactory.AdminUser, "open-page", Roles.Admin);

        await page.AssertTurnsAnonymousAsync();
    }

    private async Task<(HttpClient Browser, string Copy)> SignedInHelpdeskAsync(string userName)
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, userName, null, Roles.Helpdesk, Password);
        return await factory.SignInAsync(userName, Password);
    }

    private static FormUrlEncodedContent TokenForm(string token) => new([new("__RequestVerificationToken", token)]);
}
