using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using MoveCenter.Web.Api;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>MoveCenter on real Kestrel with a large item limit (40,000 bytes) that leaves some demo messages behind.</summary>
public sealed class GradingBrowserHostFactory : MoveCenterWebFactory
{
    public GradingBrowserHostFactory()
    {
        MoreSettings = new Dictionary<string, string?> { ["MoveCenter:Engine:LargeItemLimit"] = "40000" };
        UseKestrel(0);
        StartServer();
    }
}

/// <summary>An admin reads why a move graded Investigate waits, and approves it from the move page in a real browser.</summary>
[Collection(SerialHosts.Name)]
public sealed class ApprovalInBrowserTests(GradingBrowserHostFactory factory) : IClassFixture<GradingBrowserHostFactory>, IAsyncLifetime
{
    private Chromium? _chromium;

    public async ValueTask InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    [Fact]
    public async Task An_admin_sees_the_categories_and_fixes_of_an_Investigate_move_approves_it_and_watches_it_complete()
    {
        var id = await InvestigateMoveAsync("UserA");
        var admin = await _chromium!.SignedInPageAsync(factory.ServerAddress, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword);
        try
        {
            await admin.GotoAsync($"/moves/{id}");
            await Chromium.UntilInteractiveAsync(admin);
            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Stalled");
            await Assertions.Expect(admin.Locator(".move-grade")).ToHaveAttributeAsync("data-grade", "Investigate");
            await Assertions.Expect(admin.Locator(".move-reason")).ToContainTextAsync("Approve skipped items");
            var tooLarge = admin.Locator(".not-moved-categories tr[data-category=TooLarge]");
            await Assertions.Expect(tooLarge.Locator(".category-name")).ToHaveTextAsync("Too large");
            await Assertions.Expect(tooLarge.Locator(".category-fix")).ToContainTextAsync("raise `MoveCenter:Engine:LargeItemLimit` to");
            await Assertions.Expect(admin.Locator("tr.not-moved-item").First).ToBeVisibleAsync();
            await Chromium.ScreenshotAsync(admin, "move-page-investigate");

            await admin.Locator("button[data-action=ApproveSkipped]").ClickAsync();
            var confirmation = admin.Locator(".mud-dialog");
            await Assertions.Expect(confirmation).ToContainTextAsync("stay NOT copied");
            await confirmation.GetByRole(AriaRole.Button, new() { Name = "Approve skipped items", Exact = true }).ClickAsync();

            await Assertions.Expect(StatusOf(admin)).ToHaveAttributeAsync("data-status", "Completed");
            await Assertions.Expect(admin.Locator(".move-grade")).ToHaveAttributeAsync("data-grade", "Investigate");
            await Assertions.Expect(admin.Locator("button[data-action=ApproveSkipped]")).ToHaveCountAsync(0);
            await Assertions.Expect(admin.Locator(".move-history")).ToContainTextAsync("Approved the");
            await Chromium.ScreenshotAsync(admin, "move-page-approved");
        }
        catch
        {
            await Chromium.ScreenshotAsync(admin, "failure-approval");
            throw;
        }
    }

    private static ILocator StatusOf(IPage page) => page.Locator(".move-status [data-status]");

    private async Task<Guid> InvestigateMoveAsync(string userId)
    {
        var ct = TestContext.Current.CancellationToken;
        // The API of the same Kestrel server the browser uses.
        using var client = new HttpClient { BaseAddress = factory.ServerAddress };
        client.DefaultRequestHeaders.Add("X-Api-Key", MoveCenterWebFactory.ApiKey);
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO" }, ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, ct))!.Id;
        var move = await Eventually.UntilAsync(() => client.GetFromJsonAsync<JsonElement>($"/api/moves/{id}", Json.Options, ct),
            m => m.GetProperty("status").GetString() == "Stalled", "the move waits for approval");
        Assert.True(move.GetProperty("awaitsApproval").GetBoolean());
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }
}
