using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>An admin adds, edits, tests and deletes a post office on the Directory page, with the API's validation.</summary>
public sealed class PostOfficesInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_adds_a_post_office_with_a_night_window_edits_tests_and_deletes_it()
    {
        var root = Path.Combine(factory.DataDirectory, "postoffices", "NightPO");
        Directory.CreateDirectory(root);
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.GotoAsync("/directory");
            await Chromium.UntilInteractiveAsync(page);

            await page.ClickAsync("#add-post-office");
            await page.FillAsync("input#po-name", "NightPO");
            await page.FillAsync("input#po-domain", "dom1");
            await Chromium.PickAsync(page.Locator(".mud-dialog .mud-input-control.mud-select", new() { HasText = "Kind" }), "Maildir folder", "maildir");
            await page.FillAsync("input#po-root-path", root);
            await page.FillAsync("input#po-time-zone", "Europe/Berlin");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "Europe/Berlin" }).ClickAsync();
            await page.ClickAsync("#po-add-window");
            await page.Locator(".po-window-to input").FillAsync("25:00");
            await page.ClickAsync("#post-office-save");

            await Assertions.Expect(page.Locator(".po-window-error")).ToContainTextAsync("to must be a time of day as HH:mm");
            await Chromium.ScreenshotAsync(page, "post-office-window-error");
            await page.Locator(".po-window-to input").FillAsync("06:00");
            await page.ClickAsync("#post-office-save");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            var row = page.Locator("#post-offices tr", new() { HasText = "NightPO" });
            await Assertions.Expect(row.Locator(".post-office-windows")).ToHaveTextAsync("Mon-Fri 22:00–06:00 (Europe/Berlin)");

            await row.Locator(".edit-post-office").ClickAsync();
            await page.FillAsync("input#po-slots", "2");
            await page.ClickAsync("#post-office-save");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(row.Locator("td").Nth(4)).ToHaveTextAsync("2");

            await row.Locator(".test-post-office").ClickAsync();
            await Assertions.Expect(page.Locator("#post-office-test-result")).ToContainTextAsync("NightPO:");
            await Chromium.ScreenshotAsync(page, "post-office-tested");

            await page.Locator("#post-offices tr", new() { HasText = "SourcePO" }).Locator(".delete-post-office").ClickAsync();
            await page.Locator(".mud-dialog button", new() { HasText = "Delete" }).ClickAsync();
            await Assertions.Expect(page.Locator(".mud-snackbar", new() { HasText = "SourcePO is in use" })).ToContainTextAsync("users live there: move them elsewhere first");

            await row.Locator(".delete-post-office").ClickAsync();
            await page.Locator(".mud-dialog button", new() { HasText = "Delete" }).ClickAsync();
            await Assertions.Expect(row).ToHaveCountAsync(0);
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "failure");
            throw;
        }

        await factory.WithDatabaseAsync(async db =>
        {
            Assert.True(await db.PostOffices.AnyAsync(p => p.Name == "SourcePO", TestContext.Current.CancellationToken));
            Assert.False(await db.PostOffices.AnyAsync(p => p.Name == "NightPO", TestContext.Current.CancellationToken));
            var actions = await db.AuditEntries.Where(e => e.Target == "NightPO").OrderBy(e => e.Id).Select(e => e.Action).ToListAsync(TestContext.Current.CancellationToken);
            Assert.Equal(["postOffice.add", "postOffice.edit", "postOffice.delete"], actions);
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
