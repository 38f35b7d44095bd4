using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>
/// The move page and the lookup page in a real browser: an admin repairs a stalled move while a second admin watches
/// it live, and a helpdesk member looks the person up without any way to change the move.
/// </summary>
[Collection(SerialHosts.Name)]
public sealed class MovePageInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private const string Password = "Second-User-Passw0rd!";

    /// <summary>The last demo user: its mailbox holds an item the engine cannot read, so its move stalls.</summary>
    private string StallingUser => $"User{(char)('A' + factory.DemoUsers - 1)}";

    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_skips_the_unreadable_item_while_another_admin_watches_and_helpdesk_only_reads()
    {
        await CreateUserAsync("admin2", Roles.Admin);
        await CreateUserAsync("helpdesk1", Roles.Helpdesk);
        var admin = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        var watcher = await _chromium.SignedInPageAsync(factory.ServerAddress, "admin2", Password);
        var helpdesk = await _chromium.SignedInPageAsync(factory.ServerAddress, "helpdesk1", Password);
        try
        {
            // The admin queues the move of the user with the unreadable item.
            await admin.ClickAsync("#move-user");
            var user = admin.Locator("input#move-user-user");
            await user.FillAsync(StallingUser);
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"{StallingUser} (" }).ClickAsync();
            await Chromium.PickAsync(admin.Locator("#move-user-target"), "DestPO");
            await admin.ClickAsync("#move-user-submit");
            await Assertions.Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);
            var link = admin.Locator("tr.move-row a", new() { HasText = StallingUser });
            var href = await link.GetAttributeAsync("href");
            Assert.NotNull(href);

            // The second admin opens the same move and never reloads it.
            await watcher.GotoAsync(href);
            await Chromium.UntilInteractiveAsync(watcher);
            await Assertions.Expect(watcher.Locator(".move-actions")).ToBeVisibleAsync();
            await watcher.EvaluateAsync("window.__sameDocument = true");

            // Opened by its address: a click on the live list can land on a row that a push has just moved.
            await admin.GotoAsync(href);
            await Chromium.UntilInteractiveAsync(admin);
            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Stalled");
            await Assertions.Expect(admin.Locator(".move-reason")).ToContainTextAsync("could not be moved after");
            await Assertions.Expect(admin.Locator(".move-reason")).ToContainTextAsync("Skip it to move on");
            await Assertions.Expect(StatusOf(watcher)).ToHaveAttributeAsync("data-status", "Stalled");
            await Chromium.ScreenshotAsync(admin, "move-page-stalled");

            // Pending Items shows the failed item first.
            await admin.GetByRole(AriaRole.Tab, new() { Name = "Pending Items" }).ClickAsync();
            await Assertions.Expect(admin.Locator("tr.pending-item").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("state-failed"));
            await Chromium.ScreenshotAsync(admin, "move-page-pending-items");

            // Retry offers the utility's choices; this admin closes it and skips instead.
            await admin.Locator("button[data-action=Retry]").ClickAsync();
            var choices = admin.Locator(".mud-dialog");
            await Assertions.Expect(choices.Locator(".retry-choice")).ToHaveCountAsync(4);
            await Assertions.Expect(choices).ToContainTextAsync("Restart the entire move");
            await Chromium.ScreenshotAsync(admin, "move-page-retry-choices");
            await choices.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
            await Assertions.Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);

            // Skip, confirmed: the move goes on and completes.
            await admin.Locator("button[data-action=Skip]").ClickAsync();
            var confirmation = admin.Locator(".mud-dialog");
            await Assertions.Expect(confirmation).ToContainTextAsync("recorded as skipped");
            await Chromium.ScreenshotAsync(admin, "move-page-skip-confirmation");
            await confirmation.GetByRole(AriaRole.Button, new() { Name = "Skip", Exact = true }).ClickAsync();
            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(admin.Locator(".move-items")).ToContainTextAsync("1 skipped");
            await Chromium.ScreenshotAsync(admin, "move-page-completed");

            // The watcher saw it change without a reload.
            await Assertions.Expect(StatusOf(watcher)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(watcher.Locator(".move-items")).ToContainTextAsync("1 skipped");
            Assert.True(await watcher.EvaluateAsync<bool>("window.__sameDocument === true"), "The watcher's page was reloaded");
            await Chromium.ScreenshotAsync(watcher, "move-page-watcher-completed");

            // Helpdesk: the lookup page tells where the move stands, with nothing to click that changes it.
            await helpdesk.GotoAsync("/lookup");
            await Chromium.UntilInteractiveAsync(helpdesk);
            var search = helpdesk.Locator("input#lookup-search");
            await search.FillAsync(StallingUser);
            await search.PressAsync("Enter");
            var card = helpdesk.Locator(".move-lookup-card");
            await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(card.Locator(".plain-words")).ToContainTextAsync("1 item could not be moved and was skipped");
            await Assertions.Expect(card.Locator(".skipped")).ToContainTextAsync("1 item could not be moved and was skipped");
            await Assertions.Expect(card.Locator("button")).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.Locator("[data-action]")).ToHaveCountAsync(0);
            await Chromium.ScreenshotAsync(helpdesk, "lookup-helpdesk");

            // and the move page shows neither the actions nor the items nor the log.
            await helpdesk.GotoAsync(href);
            await Assertions.Expect(StatusOf(helpdesk)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "History" })).ToBeVisibleAsync();
            await Assertions.Expect(helpdesk.Locator(".move-actions")).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "Pending Items" })).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "Log" })).ToHaveCountAsync(0);
            await Chromium.ScreenshotAsync(helpdesk, "move-page-helpdesk");
        }
        catch
        {
            await Chromium.ScreenshotAsync(admin, "failure-admin");
            await Chromium.ScreenshotAsync(watcher, "failure-watcher");
            await Chromium.ScreenshotAsync(helpdesk, "failure-helpdesk");
            throw;
        }
    }

    private static ILocator StatusOf(IPage page) => page.Locator(".move-status [data-status]");

    private async Task CreateUserAsync(string userName, string role)
    {
        using var scope = factory.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = new AppUser { UserName = userName, DisplayName = userName, EmailConfirmed = true };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join("; ", created.Errors.Select(e => e.Description)));
        var added = await users.AddToRoleAsync(user, role);
        Assert.True(added.Succeeded, string.Join("; ", added.Errors.Select(e => e.Description)));
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
