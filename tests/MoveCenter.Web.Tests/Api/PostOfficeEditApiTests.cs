using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>PUT and DELETE /api/post-offices/{name}: an edit changes what it names and nothing else; a refusal changes nothing.</summary>
public sealed class PostOfficeEditApiTests(MoveCenterWebFactory factory) : IClassFixture<MoveCenterWebFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_edit_sets_windows_time_zone_slots_and_throttle_keeps_every_field_left_out_and_is_audited()
    {
        using var client = factory.CreateApiClient();

        using var edited = await client.PutAsJsonAsync("/api/post-offices/DestPO", new
        {
            timeZone = "Europe/Berlin",
            windows = new[] { new { days = "Mon-Fri", from = "22:00", to = "06:00" }, new { days = "Sat,Sun", from = "00:00", to = "24:00" } },
            maxConcurrentMoves = 8,
            maxBytesPerSecond = 5_000_000,
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var listed = await PostOfficeAsync(client, "DestPO");
        Assert.Equal(("Europe/Berlin", 8, 5_000_000L, "dom1", "maildir"),
            (listed.GetProperty("timeZone").GetString(), listed.GetProperty("maxConcurrentMoves").GetInt32(),
             listed.GetProperty("maxBytesPerSecond").GetInt64(), listed.GetProperty("domain").GetString(), listed.GetProperty("kind").GetString()!.ToLowerInvariant()));
        Assert.Equal(["Mon-Fri 22:00-06:00", "Sat,Sun 00:00-24:00"], Windows(listed));
        var audit = await client.GetFromJsonAsync<JsonElement>("/api/audit?action=postOffice.edit", Json.Options, Ct);
        var details = audit.GetProperty("items").EnumerateArray().Single(e => e.GetProperty("target").GetString() == "DestPO").GetProperty("details").GetString();
        Assert.Contains("timeZone: UTC → Europe/Berlin", details);
        Assert.Contains("maxConcurrentMoves: 4 → 8", details);
        Assert.DoesNotContain("domain", details);
    }

    [Fact]
    public async Task A_site_given_as_empty_text_unpins_the_post_office()
    {
        using var client = factory.CreateApiClient();
        var root = Path.Combine(factory.DataDirectory, "postoffices", "PinnedPO");
        Directory.CreateDirectory(root);
        (await client.PostAsJsonAsync("/api/post-offices", new { name = "PinnedPO", domain = "dom1", kind = "maildir", rootPath = root, site = "north" }, Ct)).Dispose();

        using var unpinned = await client.PutAsJsonAsync("/api/post-offices/PinnedPO", new { site = "" }, Ct);

        Assert.Equal(HttpStatusCode.OK, unpinned.StatusCode);
        Assert.Equal(JsonValueKind.Null, (await PostOfficeAsync(client, "PinnedPO")).GetProperty("site").ValueKind);
    }

    [Fact]
    public async Task Windows_and_a_time_zone_that_cannot_be_read_are_refused_naming_each_field_and_change_nothing()
    {
        using var client = factory.CreateApiClient();
        var before = await PostOfficeAsync(client, "SourcePO");

        using var refused = await client.PutAsJsonAsync("/api/post-offices/SourcePO", new
        {
            timeZone = "Mars/Olympus_Mons",
            windows = new[] { new { days = "Mon-Funday", from = "25:00", to = "06:00" } },
            maxBytesPerSecond = -1,
        }, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var errors = (await refused.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("errors");
        Assert.Contains("IANA time zone", errors.GetProperty("timeZone")[0].GetString());
        Assert.Contains(errors.GetProperty("windows[0]").EnumerateArray(), e => e.GetString()!.Contains("'Mon-Funday' is not a day"));
        Assert.Contains(errors.GetProperty("windows[0]").EnumerateArray(), e => e.GetString()!.Contains("from must be a time of day as HH:mm"));
        Assert.Contains("maxBytesPerSecond", errors.GetProperty("maxBytesPerSecond")[0].GetString());
        Assert.Equal(before.ToString(), (await PostOfficeAsync(client, "SourcePO")).ToString());
    }

    [Fact]
    public async Task The_admin_password_is_replaced_only_when_given_and_never_written_to_the_audit_trail()
    {
        using var client = factory.CreateApiClient();
        const string First = "first-Secret-1", Second = "second-Secret-2";
        using var added = await client.PostAsJsonAsync("/api/post-offices", new
        {
            name = "MailHost", domain = "dom1", kind = "imap", host = "imap.dom1.example", security = "tls", adminUser = "master", adminPassword = First,
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var stored = await ProtectedPasswordAsync("MailHost");

        using var moved = await client.PutAsJsonAsync("/api/post-offices/MailHost", new { host = "imap2.dom1.example", port = 1993 }, Ct);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
        Assert.Equal(stored, await ProtectedPasswordAsync("MailHost"));

        using var replaced = await client.PutAsJsonAsync("/api/post-offices/MailHost", new { adminPassword = Second }, Ct);
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.NotEqual(stored, await ProtectedPasswordAsync("MailHost"));

        var listed = await PostOfficeAsync(client, "MailHost");
        Assert.Equal(("imap2.dom1.example", 1993), (listed.GetProperty("host").GetString(), listed.GetProperty("port").GetInt32()));
        var audit = await client.GetStringAsync("/api/audit?format=csv&action=postOffice.edit", Ct);
        Assert.Contains("admin password replaced", audit);
        Assert.Contains("host: imap.dom1.example → imap2.dom1.example", audit);
        Assert.DoesNotContain(First, audit);
        Assert.DoesNotContain(Second, audit);
    }

    [Fact]
    public async Task A_post_office_people_live_on_is_not_deleted_and_an_unused_one_is()
    {
        using var client = factory.CreateApiClient();
        var root = Path.Combine(factory.DataDirectory, "postoffices", "SpareDeletePO");
        Directory.CreateDirectory(root);
        (await client.PostAsJsonAsync("/api/post-offices", new { name = "SpareDeletePO", domain = "dom1", kind = "maildir", rootPath = root }, Ct)).Dispose();

        using var inUse = await client.DeleteAsync("/api/post-offices/SourcePO", Ct);
        using var unused = await client.DeleteAsync("/api/post-offices/SpareDeletePO", Ct);
        using var missing = await client.DeleteAsync("/api/post-offices/SpareDeletePO", Ct);

        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("3 users live there: move them elsewhere first",
            (await inUse.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.NoContent, unused.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var names = (await client.GetFromJsonAsync<JsonElement[]>("/api/post-offices", Json.Options, Ct))!.Select(p => p.GetProperty("name").GetString());
        Assert.Contains("SourcePO", names);
        Assert.DoesNotContain("SpareDeletePO", names);
        var audit = await client.GetStringAsync("/api/audit?format=csv&action=postOffice.delete", Ct);
        Assert.Contains("SpareDeletePO", audit);
        Assert.DoesNotContain("SourcePO", audit);
    }

    [Fact]
    public async Task Helpdesk_may_not_edit_or_delete_a_post_office()
    {
        const string HelpdeskKey = "mc_test_helpdesk_po_edit_0123456789";
        await factory.AddHelpdeskKeyAsync("helpdesk-po-edit", HelpdeskKey);
        using var client = factory.CreateApiClient(HelpdeskKey);

        using var edit = await client.PutAsJsonAsync("/api/post-offices/DestPO", new { maxConcurrentMoves = 1 }, Ct);
        using var delete = await client.DeleteAsync("/api/post-offices/DestPO", Ct);

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (edit.StatusCode, delete.StatusCode));
    }

    private static async Task<JsonElement> PostOfficeAsync(HttpClient client, string name) =>
        (await client.GetFromJsonAsync<JsonElement[]>("/api/post-offices", Json.Options, Ct))!.Single(p => p.GetProperty("name").GetString() == name);

    private static string[] Windows(JsonElement postOffice) =>
        [.. postOffice.GetProperty("windows").EnumerateArray()
            .Select(w => $"{w.GetProperty("days").GetString()} {w.GetProperty("from").GetString()}-{w.GetProperty("to").GetString()}")];

    private async Task<string?> ProtectedPasswordAsync(string name)
    {
        string? password = null;
        await factory.WithDatabaseAsync(async db => password = await db.PostOffices.Where(p => p.Name == name).Select(p => p.ProtectedAdminPassword).SingleAsync(Ct));
        return password;
    }
}
