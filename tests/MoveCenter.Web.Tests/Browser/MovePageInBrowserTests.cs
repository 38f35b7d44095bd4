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
    private const string Chromium = "/usr/bin/chromium";
    private const string Password = "Second-User-Passw0rd!";
    private static readonly float Generous = (float)Eventually.DefaultTimeout.TotalMilliseconds;
    private static readonly string Artifacts = Path.Combine(AppContext.BaseDirectory, "artifacts");

    /// <summary>The last demo user: its mailbox holds an item the engine cannot read, so its move stalls.</summary>
    private string StallingUser => $"User{(char)('A' + factory.DemoUsers - 1)}";

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
        Assertions.SetDefaultExpectTimeout(Generous);
        Directory.CreateDirectory(Artifacts);
    }

    [Fact]
    public async Task An_admin_skips_the_unreadable_item_while_another_admin_watches_and_helpdesk_only_reads()
    {
        await CreateUserAsync("admin2", Roles.Admin);
        await CreateUserAsync("helpdesk1", Roles.Helpdesk);
        var admin = await SignedInPageAsync(MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        var watcher = await SignedInPageAsync("admin2", Password);
        var helpdesk = await SignedInPageAsync("helpdesk1", Password);
        try
        {
            // The admin queues the move of the user with the unreadable item.
            await ClickUntilVisibleAsync(admin.Locator("#move-user"), admin.Locator("input#move-user-user"));
            var user = admin.Locator("input#move-user-user");
            await user.FillAsync(StallingUser);
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = $"{StallingUser} (" }).ClickAsync();
            await admin.Locator("#move-user-target").ClickAsync();
            await admin.Locator(".mud-popover-open .mud-list-item", new() { HasText = "DestPO" }).ClickAsync();
            await admin.ClickAsync("#move-user-submit");
            await Assertions.Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);
            var link = admin.Locator("tr.move-row a", new() { HasText = StallingUser });
            var href = await link.GetAttributeAsync("href");
            Assert.NotNull(href);

            // The second admin opens the same move and never reloads it.
            await watcher.GotoAsync(href);
            await Assertions.Expect(watcher.Locator(".move-actions")).ToBeVisibleAsync();
            await watcher.EvaluateAsync("window.__sameDocument = true");

            await link.ClickAsync();
            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Stalled");
            await Assertions.Expect(admin.Locator(".move-reason")).ToContainTextAsync("could not be moved after");
            await Assertions.Expect(admin.Locator(".move-reason")).ToContainTextAsync("Skip it to move on");
            await Assertions.Expect(StatusOf(watcher)).ToHaveAttributeAsync("data-status", "Stalled");
            await Screenshot(admin, "move-page-stalled");

            // Pending Items shows the failed item first.
            await ClickUntilVisibleAsync(admin.GetByRole(AriaRole.Tab, new() { Name = "Pending Items" }), admin.Locator("tr.pending-item"));
            await Assertions.Expect(admin.Locator("tr.pending-item").First).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("state-failed"));
            await Screenshot(admin, "move-page-pending-items");

            // Retry offers the utility's choices; this admin closes it and skips instead.
            await admin.Locator("button[data-action=Retry]").ClickAsync();
            var choices = admin.Locator(".mud-dialog");
            await Assertions.Expect(choices.Locator(".retry-choice")).ToHaveCountAsync(4);
            await Assertions.Expect(choices).ToContainTextAsync("Restart the entire move");
            await Screenshot(admin, "move-page-retry-choices");
            await choices.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
            await Assertions.Expect(admin.Locator(".mud-dialog")).ToHaveCountAsync(0);

            // Skip, confirmed: the move goes on and completes.
            await admin.Locator("button[data-action=Skip]").ClickAsync();
            var confirmation = admin.Locator(".mud-dialog");
            await Assertions.Expect(confirmation).ToContainTextAsync("recorded as skipped");
            await Screenshot(admin, "move-page-skip-confirmation");
            await confirmation.GetByRole(AriaRole.Button, new() { Name = "Skip", Exact = true }).ClickAsync();
            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(admin.Locator(".move-items")).ToContainTextAsync("1 skipped");
            await Screenshot(admin, "move-page-completed");

            // The watcher saw it change without a reload.
            await Assertions.Expect(StatusOf(watcher)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(watcher.Locator(".move-items")).ToContainTextAsync("1 skipped");
            Assert.True(await watcher.EvaluateAsync<bool>("window.__sameDocument === true"), "The watcher's page was reloaded");
            await Screenshot(watcher, "move-page-watcher-completed");

            // Helpdesk: the lookup page tells where the move stands, with nothing to click that changes it.
            await helpdesk.GotoAsync("/lookup");
            var search = helpdesk.Locator("input#lookup-search");
            var card = helpdesk.Locator(".move-lookup-card");
            await UntilVisibleAsync(async () =>
            {
                await search.FillAsync(StallingUser);
                await search.PressAsync("Enter");
            }, card);
            await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(card.Locator(".plain-words")).ToContainTextAsync("1 item could not be moved and was skipped");
            await Assertions.Expect(card.Locator(".skipped")).ToContainTextAsync("1 item could not be moved and was skipped");
            await Assertions.Expect(card.Locator("button")).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.Locator("[data-action]")).ToHaveCountAsync(0);
            await Screenshot(helpdesk, "lookup-helpdesk");

            // and the move page shows neither the actions nor the items nor the log.
            await helpdesk.GotoAsync(href);
            await Assertions.Expect(StatusOf(helpdesk)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "History" })).ToBeVisibleAsync();
            await Assertions.Expect(helpdesk.Locator(".move-actions")).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "Pending Items" })).ToHaveCountAsync(0);
            await Assertions.Expect(helpdesk.GetByRole(AriaRole.Tab, new() { Name = "Log" })).ToHaveCountAsync(0);
            await Screenshot(helpdesk, "move-page-helpdesk");
        }
        catch
        {
            await Screenshot(admin, "failure-admin");
            await Screenshot(watcher, "failure-watcher");
            await Screenshot(helpdesk, "failure-helpdesk");
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

    /// <summary>Each user in a browser context of their own, so their cookies do not mix.</summary>
    private async Task<IPage> SignedInPageAsync(string userName, string password)
    {
        var context = await _browser!.NewContextAsync(new BrowserNewContextOptions { BaseURL = factory.ServerAddress.ToString() });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(Generous);
        await page.GotoAsync("/");
        await page.FillAsync("#userName", userName);
        await page.FillAsync("#password", password);
        await page.ClickAsync("button[type=submit]");
        await Assertions.Expect(page.Locator("#page-title")).ToHaveTextAsync("Move User Status");
        return page;
    }

    /// <summary>The page is prerendered; a click before the circuit is interactive does nothing, so click until it has its effect.</summary>
    private static Task ClickUntilVisibleAsync(ILocator target, ILocator effect) => UntilVisibleAsync(() => target.ClickAsync(), effect);

    private static async Task UntilVisibleAsync(Func<Task> act, ILocator effect)
    {
        using var deadline = new CancellationTokenSource(Eventually.DefaultTimeout);
        while (true)
        {
            await act();
            try
            {
                await effect.First.WaitForAsync(new() { Timeout = 2000 });
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
