using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Persistence;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

public sealed class ApiKeysApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_created_key_works_is_listed_without_its_secret_and_is_refused_at_once_after_revocation()
    {
        using var admin = factory.CreateApiClient();

        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "nightly-report", role = "Helpdesk" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct);
        var id = key.GetProperty("id").GetInt32();
        var secret = key.GetProperty("key").GetString()!;
        Assert.Equal("nightly-report", key.GetProperty("name").GetString());
        Assert.Equal("Helpdesk", key.GetProperty("role").GetString());

        using var helpdesk = factory.CreateApiClient(secret);
        Assert.Equal(HttpStatusCode.OK, (await helpdesk.GetAsync("/api/moves", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await helpdesk.PostAsJsonAsync("/api/moves", new { userId = "UserA", targetPostOffice = "DestPO" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await helpdesk.GetAsync("/api/keys", Ct)).StatusCode);

        var list = await admin.GetStringAsync("/api/keys", Ct);
        Assert.DoesNotContain(secret, list);
        var listed = JsonDocument.Parse(list).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.False(listed.TryGetProperty("keyHash", out _));
        Assert.Equal("api-key:bootstrap", listed.GetProperty("createdBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.False(listed.GetProperty("revoked").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/keys/{id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await helpdesk.GetAsync("/api/moves", Ct)).StatusCode);
        var revoked = JsonDocument.Parse(await admin.GetStringAsync("/api/keys", Ct)).RootElement.EnumerateArray().Single(k => k.GetProperty("id").GetInt32() == id);
        Assert.True(revoked.GetProperty("revoked").GetBoolean());
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/keys/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/keys/999999", Ct)).StatusCode);
    }

    [Fact]
    public async Task An_admin_key_created_through_the_API_may_do_admin_calls()
    {
        using var admin = factory.CreateApiClient();
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "deployment", role = "Admin" }, Ct);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("key").GetString()!;

        using var client = factory.CreateApiClient(secret);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/keys", Ct)).StatusCode);
    }

    [Fact]
    public async Task A_keys_use_is_recorded_once_a_minute_not_on_every_call()
    {
        using var admin = factory.CreateApiClient();
        using var created = await admin.PostAsJsonAsync("/api/keys", new { name = "poller", role = "Helpdesk" }, Ct);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct);
        var id = key.GetProperty("id").GetInt32();
        using var poller = factory.CreateApiClient(key.GetProperty("key").GetString()!);

        Assert.Equal(HttpStatusCode.OK, (await poller.GetAsync("/api/moves", Ct)).StatusCode);
        var first = await LastUsedAsync(id);
        Assert.Equal(HttpStatusCode.OK, (await poller.GetAsync("/api/moves", Ct)).StatusCode);
        Assert.Equal(first, await LastUsedAsync(id));

        var longAgo = first!.Value - ApiKeyAuthenticationHandler.UseRecordedEvery;
        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(Ct))
            await db.ApiKeys.Where(k => k.Id == id).ExecuteUpdateAsync(k => k.SetProperty(x => x.LastUsedAt, longAgo), Ct);
        Assert.Equal(HttpStatusCode.OK, (await poller.GetAsync("/api/moves", Ct)).StatusCode);
        Assert.True(await LastUsedAsync(id) >= first);
    }

    private async Task<DateTime?> LastUsedAsync(int id)
    {
        await using var db = await factory.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(Ct);
        return await db.ApiKeys.Where(k => k.Id == id).Select(k => k.LastUsedAt).SingleAsync(Ct);
    }

    [Fact]
    public async Task A_second_key_with_a_name_in_use_is_refused_as_a_conflict()
    {
        using var admin = factory.CreateApiClient();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/keys", new { name = "twice", role = "Admin" }, Ct)).StatusCode);
        var before = await SnapshotAsync(admin);

        using var again = await admin.PostAsJsonAsync("/api/keys", new { name = "twice", role = "Helpdesk" }, Ct);

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal(before, await SnapshotAsync(admin));
    }

    [Theory]
    [InlineData("name", """{ "name": "", "role": "Admin" }""")]
    [InlineData("name", """{ "name": "   ", "role": "Admin" }""")]
    [InlineData("name", """{ "role": "Admin" }""")]
    [InlineData("name", """{ "name": "NAME129", "role": "Admin" }""")]
    [InlineData("name", """{ "name": "line\nbreak", "role": "Admin" }""")]
    [InlineData("role", """{ "name": "ok" }""")]
    [InlineData("role", """{ "name": "ok", "role": "Root" }""")]
    [InlineData("role", """{ "name": "ok", "role": "admin " }""")]
    [InlineData("name", """{ "name": 42, "role": "Admin" }""")]
    public async Task Bad_input_is_refused_naming_the_field_and_nothing_changes(string field, string body)
    {
        using var admin = factory.CreateApiClient();
        var before = await SnapshotAsync(admin);

        using var response = await admin.PostAsync("/api/keys",
            new StringContent(body.Replace("NAME129", new string('k', 129), StringComparison.Ordinal), Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = (await response.Content.ReadFromJsonAsync<ValidationProblemDetails>(Json.Options, Ct))!;
        Assert.Equal([field], problem.Errors.Keys);
        Assert.Equal(before, await SnapshotAsync(admin));
    }

    private static async Task<string> SnapshotAsync(HttpClient client)
    {
        var keys = JsonDocument.Parse(await client.GetStringAsync("/api/keys", Ct)).RootElement.EnumerateArray()
            .Select(k => $"{k.GetProperty("id")}:{k.GetProperty("name")}:{k.GetProperty("revoked")}");
        var audit = JsonDocument.Parse(await client.GetStringAsync("/api/audit", Ct)).RootElement.GetProperty("total").GetInt32();
        return $"{string.Join(",", keys)} audit={audit}";
    }
}
