using Microsoft.Playwright;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>Debian's Chromium driven by Playwright, one per test class; each page in a context of its own, so cookies do not mix.</summary>
public sealed class Chromium : IAsyncDisposable
{
    private const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>Waits in the browser are as generous as the suite's other waits: a 2-core runner may be busy.</summary>
    public static readonly float Timeout = (float)Eventually.DefaultTimeout.TotalMilliseconds;

    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private Chromium(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<Chromium> LaunchAsync()
    {
        Assert.True(File.Exists(ExecutablePath), $"{ExecutablePath} is missing: run tests/run.sh, which installs Debian's chromium.");
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            // The machine is offline: without these Chromium keeps trying to reach Google's services.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
        // page.SetDefaultTimeout does not cover Expect assertions, which otherwise give up after 5 s.
        Assertions.SetDefaultExpectTimeout(Timeout);
        Directory.CreateDirectory(Artifacts);
        return new Chromium(playwright, browser);
    }

    /// <summary>A page on a laptop-sized screen (1280 × 800), in a browser context of its own.</summary>
    public async Task<IPage> NewPageAsync(Uri baseAddress)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Timeout);
        return page;
    }

    /// <summary>Signs in through the sign-in page and waits until the Move User Status page answers clicks.</summary>
    public async Task<IPage> SignedInPageAsync(Uri baseAddress, string userName, string password)
    {
        var page = await NewPageAsync(baseAddress);
        await page.GotoAsync("/");
        Assert.Contains("/account/login", page.Url);
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Move User Status");
        await UntilInteractiveAsync(page);
        return page;
    }

    /// <summary>
    /// Pages are prerendered as plain HTML first; a click lands only once the circuit has rendered them again, which
    /// the layout marks on <c>#circuit</c>.
    /// </summary>
    public static Task UntilInteractiveAsync(IPage page) =>
        Assertions.Expect(page.Locator("#circuit")).ToHaveAttributeAsync("data-interactive", "true");

    /// <summary>
    /// Chooses a file in a Blazor file input once Blazor listens to it: a file set before its script has hooked the
    /// input's change event is lost without a trace.
    /// </summary>
    public static async Task ChooseFileAsync(ILocator input, FilePayload file)
    {
        await Assertions.Expect(input).ToHaveCountAsync(1);
        await input.Page.WaitForFunctionAsync("input => input._blazorInputFileNextFileId !== undefined", await input.ElementHandleAsync());
        await input.SetInputFilesAsync(file);
    }

    /// <summary>
    /// Picks <paramref name="option"/> in a MudBlazor select and waits until the select shows it. The circuit handles a
    /// pick over several awaits and sets the bound field only partway; a click sent before the select shows the pick
    /// (Save, say) can run while the field is still empty. <paramref name="value"/> is the option's value where it
    /// differs from its text.
    /// </summary>
    public static async Task PickAsync(ILocator select, string option, string? value = null)
    {
        await select.ClickAsync();
        await select.Page.Locator(".mud-popover-open .mud-list-item", new() { HasText = option }).ClickAsync();
        await Assertions.Expect(select.Locator("xpath=descendant-or-self::input").First).ToHaveValueAsync(value ?? option);
    }

    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Artifacts, $"{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.Current.TestOutputHelper?.WriteLine($"Screenshot: {path}");
    }

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}
