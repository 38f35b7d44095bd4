using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Domain.Inventory;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>Who may act on which move: unknown ids are 404, and a helpdesk key may only read, never subjects or senders.</summary>
[Collection(MoveActionsCollection.Name)]
public sealed class MoveActionAccessApiTests(MoveActionsWebFactory factory) : MoveActionsApiTestBase(factory)
{
    [Theory]
    [InlineData("POST", "retry")]
    [InlineData("POST", "skip")]
    [InlineData("POST", "stop-deferred-retries")]
    [InlineData("POST", "restart")]
    [InlineData("POST", "force-complete")]
    [InlineData("POST", "cancel")]
    [InlineData("POST", "suspend")]
    [InlineData("POST", "resume")]
    [InlineData("DELETE", "")]
    [InlineData("GET", "pending-items")]
    [InlineData("GET", "log")]
    public async Task An_unknown_move_id_gets_404_problem_details(string method, string action)
    {
        using var client = Factory.CreateApiClient();
        var id = Guid.NewGuid();

        using var response = await ActAsync(client, new HttpMethod(method), id, action);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.Contains(id.ToString(), problem!.Detail);
    }

    [Fact]
    public async Task A_helpdesk_key_may_take_no_action_nor_read_pending_items_or_log_and_never_sees_a_subject_or_sender()
    {
        using var admin = Factory.CreateApiClient();
        // The demo's last user has an unreadable item of its own.
        var userId = DemoDirectorySeeder.UserName(Factory.DemoUsers - 1);
        var id = await StalledMoveAsync(admin, userId, plant: false);
        var before = await GetMoveAsync(admin, id);
        using var helpdesk = await HelpdeskClientAsync();

        foreach (var (method, action) in new[]
                 {
                     ("POST", "retry"), ("POST", "skip"), ("POST", "stop-deferred-retries"), ("POST", "restart"), ("POST", "force-complete"), ("POST", "cancel"), ("POST", "suspend"),
                     ("POST", "resume"), ("DELETE", ""), ("GET", "pending-items"), ("GET", "log"),
                 })
        {
            using var response = await ActAsync(helpdesk, new HttpMethod(method), id, action);
            Assert.True(response.StatusCode == HttpStatusCode.Forbidden, $"{method} {action}: expected 403, got {(int)response.StatusCode}");
        }
        var after = await GetMoveAsync(admin, id);
        Assert.Equal(("Stalled", before.Skipped, before.History.Count), (after.Status, after.Skipped, after.History.Count));

        var secrets = new List<string>();
        await Factory.WithDatabaseAsync(async db =>
        {
            var items = await db.InventoryItems.Where(i => i.MoveId == id && i.Kind == InventoryKind.Message && i.Subject != null)
                .Select(i => new { i.Subject, i.Sender }).ToListAsync(Ct);
            secrets.AddRange(items.Select(i => i.Subject!));
            secrets.AddRange(items.Where(i => !string.IsNullOrWhiteSpace(i.Sender)).Select(i => i.Sender!));
        });
        Assert.NotEmpty(secrets);
        secrets = secrets.Distinct().ToList();
        foreach (var path in new[] { "/api/moves", $"/api/moves/{id}", $"/api/moves?user={userId}", "/api/users", $"/api/users?search={userId}", "/api/post-offices" })
        {
            using var response = await helpdesk.GetAsync(path, Ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync(Ct));
            var texts = Strings(document.RootElement).ToList();
            Assert.NotEmpty(texts);
            foreach (var secret in secrets)
                Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }
}
