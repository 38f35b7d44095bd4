using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>
/// A new admin's first hour: the product started exactly as the README says, not as the other tests host it, and used
/// in a browser with the password it printed.
/// </summary>
[Collection(SerialHosts.Name)]
public sealed class ReadmeFirstCommandInBrowserTests : IAsyncLifetime
{
    private ReadmeFirstCommand? _product;
    private Chromium? _chromium;

    public async ValueTask InitializeAsync()
    {
        _product = await ReadmeFirstCommand.StartAsync();
        _chromium = await Chromium.LaunchAsync();
    }

    [Fact]
    public async Task The_readmes_first_command_serves_a_styled_working_product_that_moves_a_demo_user()
    {
        var product = _product!;
        Assert.Contains("Hosting environment: Production", product.Output);
        Assert.Contains($"Data folder (database, logs, demo post offices): {product.DataDirectory}", product.Output);

        var page = await _chromium!.NewPageAsync(product.Address);
        var failedAssets = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status is >= 300 and not 304 && IsAsset(response.Url)) failedAssets.Add($"{response.Status} {response.Url}");
        };
        try
        {
            await page.GotoAsync("/");
            Assert.Contains("/account/login", page.Url);
            await page.FillAsync("#userName", "admin");
            await page.FillAsync("#password", product.PrintedPassword);
            await page.ClickAsync("button[type=submit]");
            await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Move User Status");
            await Chromium.UntilInteractiveAsync(page);

            // MudBlazor's stylesheet applied: its app bar is fixed at the top, not a plain block of giant icons.
            Assert.Equal("fixed", await page.EvaluateAsync<string>("getComputedStyle(document.querySelector('.mud-appbar')).position"));
            Assert.True(await page.EvaluateAsync<bool>(
                "[...document.styleSheets].some(s => s.href && s.href.includes('MudBlazor') && s.cssRules.length > 100)"),
                "MudBlazor's stylesheet was not loaded");
            await Chromium.ScreenshotAsync(page, "readme-first-page");

            await page.EvaluateAsync("window.__sameDocument = true");
            await page.ClickAsync("#move-user");
            var user = page.Locator("input#move-user-user");
            await user.FillAsync("UserA");
            await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "UserA (" }).ClickAsync();
            await Chromium.PickAsync(page.Locator("#move-user-target"), "DestPO");
            await page.ClickAsync("#move-user-submit");

            var row = page.Locator("tr.move-row", new() { HasText = "UserA" });
            await Assertions.Expect(row.Locator(".move-status [data-status]")).ToHaveAttributeAsync("data-status", "Completed");
            Assert.True(await page.EvaluateAsync<bool>("window.__sameDocument === true"), "The page was reloaded");
            await Chromium.ScreenshotAsync(page, "readme-move-completed");

            Assert.Empty(failedAssets);
            Assert.True(File.Exists(Path.Combine(product.DataDirectory, "movecenter.db")), "The database is not in the data folder");
            Assert.True(Directory.Exists(Path.Combine(product.DataDirectory, "postoffices", "DestPO", "UserA")),
                "UserA's mailbox did not arrive in the demo's DestPO post office in the data folder");
        }
        catch
        {
            await Chromium.ScreenshotAsync(page, "readme-failure");
            TestContext.Current.TestOutputHelper?.WriteLine(product.Output);
            throw;
        }
    }

    private static bool IsAsset(string url) => url.Contains("/_framework/") || url.Contains("/_content/") || url.EndsWith(".css") || url.EndsWith(".svg");

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
        if (_product is not null) await _product.DisposeAsync();
    }
}
