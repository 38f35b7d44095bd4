using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

public sealed class BatchInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_uploads_a_csv_previews_its_rejected_row_creates_the_batch_and_watches_its_moves_complete()
    {
        // The other test of this class makes a batch of its own on the same server, before or after this one.
        var batchesBefore = await CountBatchesAsync();
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.EvaluateAsync("window.__sameDocument = true");
            await page.ClickAsync("a.mud-nav-link[href='/batches']");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Batches");
            await page.ClickAsync("#new-batch");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("New batch");
            await Assertions.Expect(page.Locator(".batch-time-zone")).ToContainTextAsync("server's time zone");

            await Chromium.ChooseFileAsync(page.Locator("input[type=file]"), new FilePayload
            {
                Name = "tonight.csv",
                MimeType = "text/csv",
                Buffer = "userId,targetPostOffice\nUserA,DestPO\nNoSuchUser,DestPO\nUserB,DestPO\n"u8.ToArray(),
            });

            var rejected = page.Locator(".rejected-row[data-row='3']");
            await Assertions.Expect(rejected).ToContainTextAsync("NoSuchUser");
            await Assertions.Expect(rejected).ToContainTextAsync("There is no user 'NoSuchUser'");
            await Assertions.Expect(page.Locator(".accepted-row")).ToHaveCountAsync(2);
            await Assertions.Expect(page.Locator(".batch-forecast")).ToContainTextAsync("No finished move between SourcePO and DestPO yet");
            await Assertions.Expect(page.Locator("#batch-name")).ToHaveValueAsync("tonight");
            await Chromium.ScreenshotAsync(page, "new-batch-preview");
            Assert.Equal(batchesBefore, await CountBatchesAsync());

            await page.ClickAsync("#create-batch");

            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("tonight");
            foreach (var user in new[] { "UserA", "UserB" })
            {
                var row = page.Locator("tr.move-row", new() { HasText = user });
                await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Completed");
            }
            await Assertions.Expect(page.Locator(".batch-status")).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(page.Locator(".batch-progress")).ToHaveAttributeAsync("data-progress", "100");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded");
            Assert.Equal(batchesBefore + 1, await CountBatchesAsync());
            await Chromium.ScreenshotAsync(page, "batch-completed");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "batch-failure");
            throw;
        }
    }

    [Fact]
    public async Task An_admin_gives_a_batch_its_own_window_and_its_move_waits_for_it_saying_when_it_goes_on()
    {
        // A window on the day after tomorrow is closed now, whenever the test runs.
        var day = DateTime.UtcNow.AddDays(2).DayOfWeek.ToString()[..3];
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.GotoAsync("/batches/new");
            await Chromium.UntilInteractiveAsync(page);
            await Chromium.ChooseFileAsync(page.Locator("input[type=file]"), new FilePayload
            {
                Name = "weekend.csv",
                MimeType = "text/csv",
                Buffer = "userId,targetPostOffice\nUserC,DestPO\n"u8.ToArray(),
            });
            await Assertions.Expect(page.Locator(".accepted-row")).ToHaveCountAsync(1);

            await page.ClickAsync("#batch-add-window");
            await page.Locator(".batch-window-days input").FillAsync(day);
            await page.Locator(".batch-window-from input").FillAsync("00:00");
            await page.Locator(".batch-window-to input").FillAsync("25:00");
            await page.Locator(".batch-window-to input").PressAsync("Tab");
            await Assertions.Expect(page.Locator(".batch-window-error")).ToContainTextAsync("to must be a time of day as HH:mm");
            await page.Locator(".batch-window-to input").FillAsync("01:00");
            await page.Locator(".batch-window-to input").PressAsync("Tab");
            await Assertions.Expect(page.Locator(".batch-window-error")).ToHaveCountAsync(0);
            await Assertions.Expect(page.Locator(".accepted-row")).ToHaveCountAsync(1);
            await page.ClickAsync("#create-batch");

            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("weekend");
            await Assertions.Expect(page.GetByText($"they run only inside {day} 00:00-01:00 (UTC)")).ToBeVisibleAsync();
            var row = page.Locator("tr.move-row", new() { HasText = "UserC" });
            await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Waiting");
            var reason = "";
            await factory.WithDatabaseAsync(async db => reason = await db.Moves.Where(m => m.UserId == "UserC").Select(m => m.WaitReason!).SingleAsync(TestContext.Current.CancellationToken));
            Assert.Contains($"outside the move windows of batch weekend ({day} 00:00-01:00 (UTC)); it goes on", reason);
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "batch-window-failure");
            throw;
        }
    }

    private async Task<int> CountBatchesAsync()
    {
        var count = 0;
        await factory.WithDatabaseAsync(async db => count = await db.Batches.CountAsync(TestContext.Current.CancellationToken));
        return count;
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
