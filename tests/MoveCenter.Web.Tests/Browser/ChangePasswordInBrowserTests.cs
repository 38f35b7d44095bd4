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
        await factory.Services.GetRequiredService<SignInAccounts>().CreateAsync("browser-user", null, Roles.Helpdesk, "Helpdesk-Passw0rd!");
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

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
