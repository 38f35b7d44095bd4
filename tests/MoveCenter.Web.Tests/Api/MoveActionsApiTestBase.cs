using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Application.Moves;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Persistence;
using MoveCenter.Web.Api;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>One demo user per test (UserA…UserN); the last, UserN, has an unreadable item of its own.</summary>
public sealed class MoveActionsWebFactory : MoveCenterWebFactory
{
    public override int DemoUsers => 14;
}

/// <summary>The move action tests share one host: each owns one demo user, so they do not depend on each other's order.</summary>
[CollectionDefinition(Name)]
public sealed class MoveActionsCollection : ICollectionFixture<MoveActionsWebFactory>
{
    public const string Name = "Move actions";
}

/// <summary>
/// The Move User Status actions through the API. A stalled move is made by planting the demo's unreadable item in the
/// user's Inbox before queueing.
/// </summary>
public abstract class MoveActionsApiTestBase(MoveActionsWebFactory factory)
{
    protected const string Actor = "api-key:bootstrap";
    protected const string UnreadableKey = "1700000000.M1P1.demo";
    private const string HelpdeskKey = "mc_test_helpdesk_actions_key_0123456789";

    protected MoveActionsWebFactory Factory { get; } = factory;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    protected async Task<Guid> StalledMoveAsync(HttpClient client, string userId, bool plant = true)
    {
        if (plant) MaildirDemoItems.PlantUnreadableItem(await SourceMailboxPathAsync(client, userId));
        var id = await QueueAsync(client, userId);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Stalled", move.Status);
        return id;
    }

    protected static async Task<Guid> QueueAsync(HttpClient client, string userId, DateTime? startAt = null)
    {
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO", startAt }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
    }

    protected static Task<MovesEndpoints.MoveResource> UntilSettledAsync(HttpClient client, Guid id) =>
        Eventually.UntilAsync(() => GetMoveAsync(client, id), m => m.Status is "Completed" or "Failed" or "Cancelled" or "Stalled",
            $"the move {id} settles");

    protected static async Task<MovesEndpoints.MoveResource> GetMoveAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;

    protected static async Task<PendingItemsPage> PendingItemsAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<PendingItemsPage>($"/api/moves/{id}/pending-items?skip=0&take=50", Json.Options, Ct))!;

    protected static async Task<MoveLogPage> LogAsync(HttpClient client, Guid id, string? search) =>
        (await client.GetFromJsonAsync<MoveLogPage>(
            $"/api/moves/{id}/log" + (search is null ? "" : $"?search={Uri.EscapeDataString(search)}"), Json.Options, Ct))!;

    protected static async Task<IReadOnlyList<Guid>> ListedIdsAsync(HttpClient client, string userId) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveListResource>($"/api/moves?user={userId}", Json.Options, Ct))!.Items.Select(m => m.Id).ToList();

    protected static Task<HttpResponseMessage> ActAsync(HttpClient client, HttpMethod method, Guid id, string action) =>
        client.SendAsync(new HttpRequestMessage(method, action.Length == 0 ? $"/api/moves/{id}" : $"/api/moves/{id}/{action}"), Ct);

    /// <summary>An action the move's state does not allow: 409 with a reason, and the move exactly as before.</summary>
    protected static async Task<MovesEndpoints.MoveResource> AssertRefusedAndUnchangedAsync(HttpClient client, Guid id, HttpMethod method, string action)
    {
        var before = await GetMoveAsync(client, id);
        using var response = await ActAsync(client, method, id, action);
        await AssertConflictAsync(response);
        var after = await GetMoveAsync(client, id);
        Assert.Equal((before.Status, before.Phase, before.Moved, before.Skipped, before.NotBefore, before.WaitReason, before.History.Count),
            (after.Status, after.Phase, after.Moved, after.Skipped, after.NotBefore, after.WaitReason, after.History.Count));
        return after;
    }

    protected static async Task AssertConflictAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.False(string.IsNullOrWhiteSpace(problem!.Detail));
    }

    protected static async Task<(string PostOffice, bool InTransit)> HomeOfAsync(HttpClient client, string userId)
    {
        var users = await client.GetFromJsonAsync<JsonElement[]>($"/api/users?search={userId}", Json.Options, Ct);
        var user = Assert.Single(users!, u => u.GetProperty("userId").GetString() == userId);
        return (user.GetProperty("postOffice").GetString()!, user.GetProperty("inTransit").GetBoolean());
    }

    /// <summary>The user's Maildir at SourcePO, from the post office's root path as the API shows it.</summary>
    protected static async Task<string> SourceMailboxPathAsync(HttpClient client, string userId)
    {
        var postOffices = await client.GetFromJsonAsync<JsonElement[]>("/api/post-offices", Json.Options, Ct);
        var source = postOffices!.Single(p => p.GetProperty("name").GetString() == "SourcePO");
        return Path.Combine(source.GetProperty("rootPath").GetString()!, userId);
    }

    protected static List<string> Snapshot(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal).ToList();

    protected async Task<HttpClient> HelpdeskClientAsync()
    {
        await Factory.WithDatabaseAsync(async db =>
        {
            if (await db.ApiKeys.AnyAsync(k => k.Name == "helpdesk-actions", Ct)) return;
            db.ApiKeys.Add(new ApiKey { Name = "helpdesk-actions", KeyHash = ApiKeySecrets.Hash(HelpdeskKey), Role = Roles.Helpdesk, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        return Factory.CreateApiClient(HelpdeskKey);
    }

    protected static IEnumerable<string> Strings(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                yield return element.GetString()!;
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                    foreach (var text in Strings(item)) yield return text;
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                    foreach (var text in Strings(property.Value)) yield return text;
                break;
        }
    }
}

