using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>An admin imports users from CSV after a preview, adds one by hand and schedules a move for one of them.</summary>
public sealed class DirectoryUsersInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private static readonly DateTime StartLocal = new(2026, 12, 31, 22, 0, 0, DateTimeKind.Unspecified);

    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_imports_users_after_a_preview_adds_one_and_schedules_a_move_in_the_servers_time_zone()
    {
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.GotoAsync("/directory");
            await Chromium.UntilInteractiveAsync(page);

            await page.ClickAsync("#import-users");
            await Chromium.ChooseFileAsync(page.Locator(".mud-dialog input[type=file]"), new FilePayload
            {
                Name = "people.csv",
                MimeType = "text/csv",
                Buffer = "userId,postOffice,displayName,email\nCsvUserA,SourcePO,Csv User A,csvusera@dom1.example\nUserA,SourcePO,,\n"u8.ToArray(),
            });
            await Assertions.Expect(page.Locator("#users-import-summary")).ToHaveTextAsync("1 user to add, 1 row refused");
            await Assertions.Expect(page.Locator(".users-rejected-row")).ToContainTextAsync("A user 'UserA' is already in the directory.");
            await Assertions.Expect(page.Locator(".users-rejected-row td").First).ToHaveTextAsync("3");
            await Chromium.ScreenshotAsync(page, "users-import-preview");
            Assert.False(await UserExistsAsync("CsvUserA"));
            await page.ClickAsync("#users-import");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#directory-users tr", new() { HasText = "CsvUserA" })).ToContainTextAsync("Csv User A");

            await page.ClickAsync("#add-user");
            await page.FillAsync("input#user-id", "ManualUser");
            await Chromium.PickAsync(page.Locator(".mud-dialog .mud-input-control.mud-select", new() { HasText = "Post office" }), "DestPO");
            await page.ClickAsync("#user-save");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("#directory-users tr", new() { HasText = "ManualUser" })).ToContainTextAsync("DestPO");

            await page.GotoAsync("/");
            await Chromium.UntilInteractiveAsync(page);
            await page.ClickAsync("#move-user");
            await page.Locator("input#move-user-user").FillAsync("CsvUserA");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "CsvUserA (" }).ClickAsync();
            await Chromium.PickAsync(page.Locator("#move-user-target"), "DestPO");
            await page.FillAsync("#move-user-start", StartLocal.ToString("yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture));
            await page.ClickAsync("#move-user-submit");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator("tr.move-row", new() { HasText = "CsvUserA" }).Locator(".move-status [data-status]"))
                .ToHaveAttributeAsync("data-status", "Queued");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "failure");
            throw;
        }

        DateTime? notBefore = null;
        await factory.WithDatabaseAsync(async db =>
            notBefore = await db.Moves.Where(m => m.UserId == "CsvUserA").Select(m => m.NotBefore).SingleAsync(TestContext.Current.CancellationToken));
        // The browser test's server is this process, so its time zone is this process's.
        Assert.Equal(TimeZoneInfo.ConvertTimeToUtc(StartLocal, TimeZoneInfo.Local), notBefore);
    }

    [Fact]
    public async Task An_admin_selects_people_on_the_directory_page_previews_their_batch_and_watches_it_complete()
    {
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.GotoAsync("/directory");
            await Chromium.UntilInteractiveAsync(page);
            foreach (var user in new[] { "UserA", "UserB" })
                await page.Locator($"tr.directory-user:has(td:text-is('{user}'))").Locator("input[type=checkbox]").CheckAsync();
            await Assertions.Expect(page.Locator("#move-selected")).ToContainTextAsync("Move 2 selected people");

            await page.ClickAsync("#move-selected");
            await Chromium.PickAsync(page.Locator("#selection-target"), "DestPO");
            await Assertions.Expect(page.Locator(".accepted-row")).ToHaveCountAsync(2);
            await page.FillAsync("input#selection-batch-name", "Chosen two");
            await page.ClickAsync("#selection-create");

            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Chosen two");
            foreach (var user in new[] { "UserA", "UserB" })
                await Assertions.Expect(page.Locator($"tr.move-row:has(a:text-is('{user}'))").Locator(".move-status [data-status]"))
                    .ToHaveAttributeAsync("data-status", "Completed");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "selection-failure");
            throw;
        }
    }

    private async Task<bool> UserExistsAsync(string userId)
    {
        var exists = false;
        await factory.WithDatabaseAsync(async db => exists = await db.DirectoryUsers.AnyAsync(u => u.UserId == userId, TestContext.Current.CancellationToken));
        return exists;
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
