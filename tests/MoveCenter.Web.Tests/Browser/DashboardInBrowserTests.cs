using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

public sealed class DashboardInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task The_project_view_shows_a_finished_move_among_the_moves_by_status_its_bytes_on_todays_bar_and_nothing_left_behind()
    {
        var page = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await page.ClickAsync("a.mud-nav-link[href='/dashboard']");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Project");
            await Assertions.Expect(page.Locator("#still-to-move")).ToContainTextAsync("Still to move: 0 moves");

            using var api = new HttpClient { BaseAddress = factory.ServerAddress, DefaultRequestHeaders = { { "X-Api-Key", MoveCenterWebFactory.ApiKey } } };
            using var queued = await api.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);

            // The view reads the figures again every few seconds, without a reload.
            await Assertions.Expect(page.Locator("#moves-by-status [data-status='Completed']")).ToHaveAttributeAsync("data-count", "1");
            var moved = long.Parse((await page.Locator("#bytes-moved").GetAttributeAsync("data-bytes"))!, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(moved > 0, "No bytes moved are shown.");
            await Assertions.Expect(page.Locator("#bytes-per-day")).ToHaveAttributeAsync("data-total", moved.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("#throughput")).ToHaveAttributeAsync("data-total", moved.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Assertions.Expect(page.Locator("#bytes-per-day svg")).ToHaveCountAsync(1);
            await Assertions.Expect(page.Locator("#not-moved")).ToContainTextAsync("Every item of every move arrived.");
            await Chromium.ScreenshotAsync(page, "dashboard");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "dashboard-failure");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
