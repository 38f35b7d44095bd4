using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Security;

/// <summary>A signed-in person changes their own password at /account/password, through the page's form.</summary>
public sealed class ChangeOwnPasswordTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private const string Password = "Helpdesk-Passw0rd!";
    private const string NewPassword = "Changed-Passw0rd-2!";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInAccounts Accounts => factory.Services.GetRequiredService<SignInAccounts>();

    [Fact]
    public async Task The_new_password_signs_in_the_old_one_not_this_browser_stays_and_other_sessions_end()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "changer", null, Roles.Helpdesk, Password);
        var (browser, _) = await factory.SignInAsync("changer", Password);
        var (_, otherBrowser) = await factory.SignInAsync("changer", Password);

        using var changed = await PostAsync(browser, Password, NewPassword, NewPassword);

        Assert.Equal("/account/password?outcome=Changed", changed.Headers.Location!.OriginalString);
        await factory.AssertServedAsync(SignInForm.SessionCookie(changed));
        using (var page = await browser.GetAsync(changed.Headers.Location, Ct))
            Assert.Contains("Your password was changed.", await page.Content.ReadAsStringAsync(Ct));
        await factory.AssertRefusedAsync(otherBrowser);
        await factory.SignInAsync("changer", NewPassword);
        using var old = await SignInForm.SignInAsync(factory.CreateClient(new() { AllowAutoRedirect = false }), "changer", Password, Ct);
        Assert.Contains("error=invalid", old.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_changed_password_is_no_longer_marked_as_generated()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "first-admin", null, Roles.Admin, Password);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            await users.AddClaimAsync((await users.FindByNameAsync("first-admin"))!, BootstrapAccounts.GeneratedPassword);
        }
        var (browser, _) = await factory.SignInAsync("first-admin", Password);
        Assert.Contains("generated-password-notice", await browser.GetStringAsync("/moves", Ct));

        using var changed = await PostAsync(browser, Password, NewPassword, NewPassword);

        Assert.DoesNotContain("generated-password-notice", await browser.GetStringAsync("/moves", Ct));
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
            Assert.Empty(await users.GetClaimsAsync((await users.FindByNameAsync("first-admin"))!));
        }
    }

    [Theory]
    [InlineData("Wrong-Current-Passw0rd!", NewPassword, NewPassword, "WrongCurrentPassword", "Your current password is wrong. Nothing was changed.")]
    [InlineData(Password, "Sh0rt!pw", "Sh0rt!pw", "BreaksRules", "The new password is too weak.")]
    [InlineData(Password, "alllowercaseandlong", "alllowercaseandlong", "BreaksRules", "at least 12 characters, with an upper-case letter")]
    [InlineData(Password, NewPassword, "Changed-Passw0rd-3!", "ConfirmationDiffers", "The two new passwords differ.")]
    [InlineData(Password, "", "", "Missing", "Enter your current password and the new one twice.")]
    [InlineData(Password, Password, Password, "Unchanged", "The new password is the same as the current one.")]
    public async Task A_refused_change_says_why_in_plain_words_and_changes_nothing(
        string current, string newPassword, string confirmation, string outcome, string shown)
    {
        var userName = $"refused-{outcome}-{newPassword.Length}".ToLowerInvariant();
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, userName, null, Roles.Helpdesk, Password);
        var (browser, copy) = await factory.SignInAsync(userName, Password);

        using var refused = await PostAsync(browser, current, newPassword, confirmation);

        Assert.Equal($"/account/password?outcome={outcome}", refused.Headers.Location!.OriginalString);
        using (var page = await browser.GetAsync(refused.Headers.Location, Ct))
            Assert.Contains(shown, WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync(Ct)));
        await factory.AssertServedAsync(copy);
        await factory.SignInAsync(userName, Password);
    }

    [Fact]
    public async Task A_change_without_the_forms_token_is_refused()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "no-token", null, Roles.Helpdesk, Password);
        var (browser, copy) = await factory.SignInAsync("no-token", Password);

        using var refused = await browser.PostAsync("/account/password", Form(("currentPassword", Password), ("newPassword", NewPassword),
            ("confirmation", NewPassword)), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        await factory.AssertServedAsync(copy);
    }

    [Fact]
    public async Task Guessing_the_current_password_is_refused_429_like_guessing_at_sign_in()
    {
        await Accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "guesser", null, Roles.Helpdesk, Password);
        var (browser, copy) = await factory.SignInAsync("guesser", Password);
        var allowed = factory.Services.GetRequiredService<IOptions<SecurityOptions>>().Value.FailedSignInsPerAccountAndAddress;
        for (var guess = 1; guess <= allowed; guess++)
            (await PostAsync(browser, $"Guess-{guess}-Passw0rd!", NewPassword, NewPassword)).Dispose();

        using var refused = await PostFormAsync(browser, Password, NewPassword, NewPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter?.Delta);
        await factory.AssertServedAsync(copy);
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient browser, string current, string newPassword, string confirmation)
    {
        var response = await PostFormAsync(browser, current, newPassword, confirmation);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response;
    }

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient browser, string current, string newPassword, string confirmation)
    {
        var token = await SignInForm.AntiforgeryTokenAsync(browser, "/account/password", Ct);
        return await browser.PostAsync("/account/password", Form(("__RequestVerificationToken", token),
            ("currentPassword", current), ("newPassword", newPassword), ("confirmation", confirmation)), Ct);
    }

    private static FormUrlEncodedContent Form(params (string Name, string Value)[] fields) =>
        new(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)));
}
