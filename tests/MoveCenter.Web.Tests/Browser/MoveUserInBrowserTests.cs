using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

public sealed class MoveUserInBrowserTests(BrowserHostFactory factory) : IClassFixture<BrowserHostFactory>, IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly float Generous = (float)Eventually.DefaultTimeout.TotalMilliseconds;
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public async ValueTask InitializeAsync()
    {
        Assert.True(File.Exists(Chromium), $"{Chromium} is missing: run tests/run.sh, which installs Debian's chromium.");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        // page.SetDefaultTimeout does not cover Expect assertions, which otherwise give up after 5 s.
        Assertions.SetDefaultExpectTimeout(Generous);
        Directory.CreateDirectory(Artifacts);
    }

    [Fact]
    public async Task An_admin_queues_a_move_and_watches_it_complete_without_reloading()
    {
        // A laptop screen, with the navigation drawer open.
        var page = await _browser!.NewPageAsync(new BrowserNewPageOptions
        {
            BaseURL = factory.ServerAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        page.SetDefaultTimeout(Generous);
        try
        {
            await page.GotoAsync("/");
            Assert.Contains("/account/login", page.Url);
            await page.FillAsync("#userName", MoveCenterWebFactory.AdminUser);
            await page.FillAsync("#password", MoveCenterWebFactory.AdminPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Move User Status");

            // A marker on the window: it survives only if the page is never reloaded.
            await page.EvaluateAsync("window.__sameDocument = true");
            await OpenMoveUserDialogAsync(page);
            var user = page.Locator("input#move-user-user");
            await user.FillAsync("UserA");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UserA (" }).ClickAsync();
            await Assertions.Expect(user).ToHaveValueAsync("UserA (Demo User A, SourcePO)");
            await page.Locator("#move-user-target").ClickAsync();
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "DestPO" }).ClickAsync();
            await Screenshot(page, "move-user-dialog");
            await page.ClickAsync("#move-user-submit");
            await Assertions.Expect(page.Locator(".mud-dialog")).ToHaveCountAsync(0);

            var row = page.Locator("tr.move-row", new() { HasText = "UserA" });
            await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Completed");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded");
            await Screenshot(page, "move-user-status-completed");
            var overflow = await page.EvaluateAsync<int>(
                "(() => { const c = document.querySelector('.move-list .mud-table-container'); return c.scrollWidth - c.clientWidth; })()");
            Assert.True(overflow <= 0, $"The move list is {overflow} px wider than a 1280 px laptop screen shows");

            await row.Locator("a", new() { HasText = "UserA" }).ClickAsync();
            var phases = page.Locator(".move-history [data-kind=PhaseCompleted]");
            await Assertions.Expect(phases).ToHaveCountAsync(6);
            string[] expected = ["Preflight", "Admin rename", "Inventory", "Item request", "Final sync", "Purge"];
            var texts = await phases.AllInnerTextsAsync();
            foreach (var (phase, text) in expected.Zip(texts)) Assert.Contains($"{phase} completed.", text);
            await Screenshot(page, "move-details");
        }
        catch
        {
            await Screenshot(page, "failure");
            throw;
        }
    }

    /// <summary>The page is prerendered; a click before the circuit is interactive does nothing, so click until the dialog opens.</summary>
    private static async Task OpenMoveUserDialogAsync(IPage page)
    {
        var dialog = page.Locator("input#move-user-user");
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (true)
        {
            await page.ClickAsync("#move-user");
            try
            {
                await dialog.WaitForAsync(new() { Timeout = 2000 });
                return;
            }
            catch (TimeoutException) when (!deadline.IsCancellationRequested)
            {
            }
        }
    }

    private static async Task Screenshot(IPage page, string name)
    {
        var path = Path.Combine(Artifacts, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
        Console.WriteLine($"Screenshot: {path}");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
