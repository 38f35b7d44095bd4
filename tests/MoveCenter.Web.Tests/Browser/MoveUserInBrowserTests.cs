using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

public sealed class MoveUserInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_queues_a_move_and_watches_it_complete_without_reloading()
    {
        // A laptop screen, with the navigation drawer open.
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            // A marker on the window: it survives only if the page is never reloaded.
            await page.EvaluateAsync("window.__sameDocument = true");
            await page.ClickAsync("#move-user");
            var user = page.Locator("input#move-user-user");
            await user.FillAsync("UserA");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UserA (" }).ClickAsync();
            await Assertions.Expect(user).ToHaveValueAsync("UserA (Demo User A, SourcePO)");
            await Chromium.PickAsync(page.Locator("#move-user-target"), "DestPO");
            await Chromium.ScreenshotAsync(page, "move-user-dialog");
            await page.ClickAsync("#move-user-submit");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            var row = page.Locator("tr.move-row", new() { HasText = "UserA" });
            await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Completed");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded");
            await Chromium.ScreenshotAsync(page, "move-user-status-completed");
            var overflow = await page.EvaluateAsync<int>(
                "(() => { const c = document.querySelector('.move-list .mud-table-container'); return c.scrollWidth - c.clientWidth; })()");
            Assert.True(overflow <= 0, $"The move list is {overflow} px wider than a 1280 px laptop screen shows");

            await row.Locator("a", new() { HasText = "UserA" }).ClickAsync();
            var phases = page.Locator(".move-history [data-kind=PhaseCompleted]");
            await Assertions.Expect(phases).ToHaveCountAsync(6);
            string[] expected = ["Preflight", "Admin rename", "Inventory", "Item request", "Final sync", "Purge"];
            var texts = await phases.AllInnerTextsAsync();
            foreach (var (phase, text) in expected.Zip(texts)) Assert.Contains($"{phase} completed.", text);
            await Chromium.ScreenshotAsync(page, "move-details");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "failure");
            throw;
        }
    }

    [Fact]
    public async Task An_admin_moves_a_user_copy_first_sees_it_synced_and_cuts_it_over_with_Complete()
    {
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.ClickAsync("#move-user");
            var user = page.Locator("input#move-user-user");
            await user.FillAsync("UserB");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UserB (" }).ClickAsync();
            await Chromium.PickAsync(page.Locator("#move-user-target"), "DestPO");
            await page.Locator("#move-user-mode-copy-first").ClickAsync();
            await Chromium.ScreenshotAsync(page, "move-user-dialog-copy-first");
            await page.ClickAsync("#move-user-submit");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            var row = page.Locator("tr.move-row", new() { HasText = "UserB" });
            await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Synced");
            await row.Locator("a", new() { HasText = "UserB" }).ClickAsync();
            await Assertions.Expect(page.Locator(".move-mode")).ToHaveTextAsync("copy-first, synced every 24 hours, cut over on Complete");
            await Assertions.Expect(page.Locator(".move-history")).Not.ToContainTextAsync("Admin rename completed");

            await page.Locator("button[data-action=Complete]").ClickAsync();
            await Assertions.Expect(page.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(page.Locator(".move-grade")).ToHaveAttributeAsync("data-grade", "Perfect");
            await Assertions.Expect(page.Locator(".move-history")).ToContainTextAsync("Admin rename completed");
            await Chromium.ScreenshotAsync(page, "move-copy-first-completed");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "failure-copy-first");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
