using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

[Collection(SerialHosts.Name)]
public sealed class ChangePasswordInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task A_person_changes_their_password_from_the_user_menu_stays_signed_in_and_signs_out_from_it()
    {
        await factory.Services.GetRequiredService<SignInAccounts>().CreateAsync(MoveCenterWebFactory.AdminUser, "browser-user", null, Roles.Helpdesk, "Helpdesk-Passw0rd!");
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, "browser-user", "Helpdesk-Passw0rd!");
        try
        {
            await page.ClickAsync(".user-menu button");
            await Assertions.Expect(page.Locator(".mud-popover-open a.change-password")).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, "user-menu");
            await page.ClickAsync(".mud-popover-open a.change-password");
            await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Change my password");
            await page.FillAsync("#currentPassword", "Helpdesk-Passw0rd!");
            await page.FillAsync("#newPassword", "Browser-Changed-Passw0rd!");
            await page.FillAsync("#confirmation", "Browser-Changed-Passw0rd!");
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator(".password-changed")).ToContainTextAsync("Your password was changed.");
            await Chromium.ScreenshotAsync(page, "password-changed");

            await page.ClickAsync("text=Back to MoveCenter");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Move User Status");
            await Chromium.UntilInteractiveAsync(page);
            await page.ClickAsync(".user-menu button");
            await page.ClickAsync(".mud-popover-open button.sign-out");
            await Assertions.Expect(page.Locator("#userName")).ToBeVisibleAsync();
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "change-password-failure");
            throw;
        }
    }

    [Fact]
    public async Task An_admin_sees_a_disabled_account_and_every_rows_actions_on_a_laptop_screen()
    {
        var accounts = factory.Services.GetRequiredService<SignInAccounts>();
        await accounts.CreateAsync(MoveCenterWebFactory.AdminUser, "browser-leaver", null, Roles.Helpdesk, "Helpdesk-Passw0rd!");
        await accounts.DisableAsync(MoveCenterWebFactory.AdminUser, "browser-leaver");
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.GotoAsync("/admin/users");
            var row = page.Locator(".sign-in-users tbody tr", new() { HasText = "browser-leaver" });
            await Assertions.Expect(row.Locator(".account-status")).ToHaveTextAsync("Disabled");
            await Assertions.Expect(row.Locator(".enable-account")).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(page, "sign-in-users");
            var overflow = await page.EvaluateAsync<int>(
                "(() => { const c = document.querySelector('.sign-in-users .mud-table-container'); return c.scrollWidth - c.clientWidth; })()");
            Assert.True(overflow <= 0, $"The sign-in users table is {overflow} px wider than a 1280 px laptop screen shows");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "sign-in-users-failure");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
