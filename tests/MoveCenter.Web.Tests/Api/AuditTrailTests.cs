using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Common;
using MoveCenter.Web.Security;
using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Api;

/// <summary>
/// Every kind of admin action leaves exactly one audit entry naming who did what to which thing; a refused one leaves
/// none; entries cannot be changed or deleted; the trail reads back filtered, paged and as CSV.
/// </summary>
public abstract class AuditTrailTests(MoveCenterWebFactory factory)
{
    private const string ApiActor = "api-key:bootstrap";
    private const string PageActor = "audit-admin";
    private const string Password = "Audit-Trail-Passw0rd!";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInAccounts Accounts => factory.Services.GetRequiredService<SignInAccounts>();

    public static TheoryData<string> Actions =>
    [
        "postOffice.add", "directoryUser.add", "apiKey.create", "apiKey.revoke",
        "move.queue", "move.suspend", "move.resume", "move.cancel", "move.clear",
        "signInAccount.create", "signInAccount.roleChange", "signInAccount.passwordReset",
        "signInAccount.disable", "signInAccount.enable", "signInAccount.delete", "signInAccount.ownPasswordChange",
    ];

    [Theory]
    [MemberData(nameof(Actions))]
    public async Task An_action_is_recorded_once_with_its_actor_and_target_and_a_refused_one_not_at_all(string action)
    {
        using var client = factory.CreateApiClient();
        var name = "Audit-" + action.Replace('.', '-');

        var (actor, target) = await ActAsync(client, action, name);

        Assert.Equal(1, await CountAsync(action, target, actor));
        var entriesBefore = await CountAllAsync();
        await RefuseAsync(client, action, name, target);
        Assert.Equal(entriesBefore, await CountAllAsync());
    }

    [Fact]
    public async Task No_entry_holds_a_password_or_key_secret()
    {
        using var client = factory.CreateApiClient();
        using var created = await client.PostAsJsonAsync("/api/keys", new { name = "secret-check", role = "Admin" }, Ct);
        var secret = (await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("key").GetString()!;
        await Accounts.CreateAsync(PageActor, "secret-check", null, Roles.Helpdesk, Password);
        await Expect(HttpStatusCode.Created, client.PostAsJsonAsync("/api/post-offices",
            new { name = "SecretPO", domain = "dom1", kind = "imap", host = "imap.dom1.example", adminUser = "master", adminPassword = "Imap-Master-Secret" }, Ct));

        var csv = await client.GetStringAsync("/api/audit?format=csv", Ct);

        Assert.Contains("SecretPO", csv);
        Assert.DoesNotContain(secret, csv);
        Assert.DoesNotContain(Password, csv);
        Assert.DoesNotContain("Imap-Master-Secret", csv);
    }

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_entry()
    {
        using var client = factory.CreateApiClient();
        await client.PostAsJsonAsync("/api/keys", new { name = "immutable", role = "Admin" }, Ct);

        await factory.WithDatabaseAsync(async db =>
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Target == "immutable", Ct);
            db.Entry(entry).Property(e => e.Actor).CurrentValue = "someone-else";
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(entry);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            db.ChangeTracker.Clear();
            await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync(Ct));
            await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(set => set.SetProperty(e => e.Details, "rewritten"), Ct));
        });
        await factory.WithDatabaseAsync(async db =>
            Assert.Equal(ApiActor, (await db.AuditEntries.SingleAsync(e => e.Target == "immutable", Ct)).Actor));
    }

    [Fact]
    public async Task The_trail_filters_by_actor_action_and_time_newest_first_and_exports_csv_with_a_header()
    {
        using var client = factory.CreateApiClient();
        foreach (var name in new[] { "filter-one", "filter-two" })
            await client.PostAsJsonAsync("/api/keys", new { name, role = "Helpdesk" }, Ct);
        await Accounts.CreateAsync(PageActor, "filter-person", null, Roles.Helpdesk, Password);

        var page = await client.GetFromJsonAsync<JsonElement>("/api/audit?action=apiKey&actor=bootstrap&take=500", Json.Options, Ct);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.All(items, item => Assert.StartsWith("apiKey.", item.GetProperty("action").GetString()));
        Assert.All(items, item => Assert.Equal(ApiActor, item.GetProperty("actor").GetString()));
        Assert.Equal(["filter-two", "filter-one"], items.Select(i => i.GetProperty("target").GetString()).Where(t => t!.StartsWith("filter-")));
        var times = items.Select(i => i.GetProperty("at").GetDateTime()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal(page.GetProperty("total").GetInt32(), items.Count);

        var byPerson = await client.GetFromJsonAsync<JsonElement>($"/api/audit?actor={PageActor}&action=signInAccount.create", Json.Options, Ct);
        Assert.Contains(byPerson.GetProperty("items").EnumerateArray(), i => i.GetProperty("target").GetString() == "filter-person");
        var paged = await client.GetFromJsonAsync<JsonElement>("/api/audit?action=apiKey&take=1&skip=1", Json.Options, Ct);
        Assert.Equal(items[1].GetProperty("target").GetString(), Assert.Single(paged.GetProperty("items").EnumerateArray()).GetProperty("target").GetString());
        var future = DateTime.UtcNow.AddHours(1).ToString("O");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/audit?from={Uri.EscapeDataString(future)}", Json.Options, Ct)).GetProperty("total").GetInt32());
        var past = DateTime.UtcNow.AddHours(-1).ToString("O");
        Assert.Equal(0, (await client.GetFromJsonAsync<JsonElement>($"/api/audit?to={Uri.EscapeDataString(past)}", Json.Options, Ct)).GetProperty("total").GetInt32());

        using var csv = await client.GetAsync("/api/audit?format=csv&action=apiKey.create&actor=bootstrap", Ct);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var lines = (await csv.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')).ToList();
        Assert.Equal("At,Actor,Action,Target,Details", lines[0]);
        Assert.Contains(lines, l => l.Contains($",{ApiActor},apiKey.create,filter-one,", StringComparison.Ordinal));
        Assert.Equal(lines.Count - 1, lines.Skip(1).Count(l => l.Contains(",apiKey.create,", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_audit_page_exports_csv_with_the_admins_cookie_and_asks_anyone_else_to_sign_in()
    {
        using var browser = factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/admin/audit.csv", Ct)).StatusCode);

        await SignInForm.SignInAsync(browser, MoveCenterWebFactory.AdminUser, MoveCenterWebFactory.AdminPassword, Ct);
        using var csv = await browser.GetAsync("/admin/audit.csv?action=apiKey", Ct);

        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.StartsWith("At,Actor,Action,Target,Details", await csv.Content.ReadAsStringAsync(Ct));
    }

    private async Task<(string Actor, string Target)> ActAsync(HttpClient client, string action, string name)
    {
        switch (action)
        {
            case "postOffice.add":
                Directory.CreateDirectory(Path.Combine(factory.DataDirectory, "postoffices", name));
                await Expect(HttpStatusCode.Created, client.PostAsJsonAsync("/api/post-offices",
                    new { name, domain = "dom1", kind = "maildir", rootPath = Path.Combine(factory.DataDirectory, "postoffices", name) }, Ct));
                return (ApiActor, name);
            case "directoryUser.add":
                await AddUserAsync(client, name);
                return (ApiActor, name);
            case "apiKey.create":
                await Expect(HttpStatusCode.Created, client.PostAsJsonAsync("/api/keys", new { name, role = "Helpdesk" }, Ct));
                return (ApiActor, name);
            case "apiKey.revoke":
                await Expect(HttpStatusCode.NoContent, client.DeleteAsync($"/api/keys/{await CreateKeyAsync(client, name)}", Ct));
                return (ApiActor, name);
            case "signInAccount.create":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                return (PageActor, name);
            case "signInAccount.roleChange":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                await Accounts.ChangeRoleAsync(PageActor, name, Roles.Admin);
                return (PageActor, name);
            case "signInAccount.passwordReset":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                await Accounts.ResetPasswordAsync(PageActor, name, "Another-Audit-Passw0rd!");
                return (PageActor, name);
            case "signInAccount.disable":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                await Accounts.DisableAsync(PageActor, name);
                return (PageActor, name);
            case "signInAccount.enable":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                await Accounts.DisableAsync(PageActor, name);
                await Accounts.EnableAsync(PageActor, name);
                return (PageActor, name);
            case "signInAccount.delete":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                await Accounts.DeleteAsync(PageActor, name);
                return (PageActor, name);
            case "signInAccount.ownPasswordChange":
                await Accounts.CreateAsync(PageActor, name, null, Roles.Helpdesk, Password);
                Assert.Equal(PasswordChange.Changed, await Accounts.ChangeOwnPasswordAsync(name, Password, "Own-Audit-Passw0rd!", "Own-Audit-Passw0rd!"));
                return (name, name);
        }
        var moveId = await QueueLaterAsync(client, name);
        var before = action switch
        {
            "move.resume" => ["suspend"],
            "move.clear" => new[] { "cancel" },
            _ => [],
        };
        foreach (var step in before) await Expect(HttpStatusCode.OK, client.PostAsync($"/api/moves/{moveId}/{step}", null, Ct));
        if (action == "move.clear") await Expect(HttpStatusCode.OK, client.DeleteAsync($"/api/moves/{moveId}", Ct));
        else if (action != "move.queue") await Expect(HttpStatusCode.OK, client.PostAsync($"/api/moves/{moveId}/{action["move.".Length..]}", null, Ct));
        return (ApiActor, $"{name} (move {moveId})");
    }

    /// <summary>The same action again, or one that does not fit: refused, so it must leave no entry.</summary>
    private async Task RefuseAsync(HttpClient client, string action, string name, string target)
    {
        var moveId = target.Contains("(move ", StringComparison.Ordinal) ? target[(target.IndexOf("(move ", StringComparison.Ordinal) + 6)..^1] : null;
        switch (action)
        {
            case "postOffice.add":
                await Expect(HttpStatusCode.Conflict, client.PostAsJsonAsync("/api/post-offices",
                    new { name, domain = "dom1", kind = "maildir", rootPath = Path.Combine(factory.DataDirectory, "postoffices", name) }, Ct));
                break;
            case "directoryUser.add":
                await Expect(HttpStatusCode.Conflict, client.PostAsJsonAsync("/api/users", new { userId = name, postOffice = "SourcePO" }, Ct));
                break;
            case "apiKey.create":
                await Expect(HttpStatusCode.BadRequest, client.PostAsJsonAsync("/api/keys", new { name, role = "Root" }, Ct));
                break;
            case "apiKey.revoke":
                var id = JsonDocument.Parse(await client.GetStringAsync("/api/keys", Ct)).RootElement.EnumerateArray()
                    .Single(k => k.GetProperty("name").GetString() == name).GetProperty("id").GetInt32();
                await Expect(HttpStatusCode.Conflict, client.DeleteAsync($"/api/keys/{id}", Ct));
                break;
            case "signInAccount.create":
                await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.CreateAsync(PageActor, name + "-short", null, Roles.Helpdesk, "Sh0rt!"));
                break;
            case "signInAccount.roleChange":
                await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.ChangeRoleAsync(PageActor, "nobody-" + name, Roles.Admin));
                break;
            case "signInAccount.passwordReset":
                await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.ResetPasswordAsync(PageActor, name, "short"));
                break;
            case "signInAccount.disable":
                await Accounts.DisableAsync(PageActor, name);
                break;
            case "signInAccount.enable":
                await Accounts.EnableAsync(PageActor, name);
                break;
            case "signInAccount.delete":
                await Assert.ThrowsAsync<RequestRejectedException>(() => Accounts.DeleteAsync(PageActor, name));
                break;
            case "signInAccount.ownPasswordChange":
                Assert.Equal(PasswordChange.WrongCurrentPassword, await Accounts.ChangeOwnPasswordAsync(name, Password, "Other-Audit-Passw0rd!", "Other-Audit-Passw0rd!"));
                break;
            case "move.queue":
                await Expect(HttpStatusCode.Conflict, client.PostAsJsonAsync("/api/moves", new { userId = name, targetPostOffice = "DestPO" }, Ct));
                break;
            case "move.clear":
                await Expect(HttpStatusCode.Conflict, client.PostAsync($"/api/moves/{moveId}/suspend", null, Ct));
                break;
            default:
                await Expect(HttpStatusCode.Conflict, client.PostAsync($"/api/moves/{moveId}/{action["move.".Length..]}", null, Ct));
                break;
        }
    }

    private static async Task<Guid> QueueLaterAsync(HttpClient client, string user)
    {
        await AddUserAsync(client, user);
        using var queued = await client.PostAsJsonAsync("/api/moves",
            new { userId = user, targetPostOffice = "DestPO", startAt = DateTime.UtcNow.AddDays(30) }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        return (await queued.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("id").GetGuid();
    }

    private static Task AddUserAsync(HttpClient client, string user) =>
        Expect(HttpStatusCode.Created, client.PostAsJsonAsync("/api/users", new { userId = user, postOffice = "SourcePO" }, Ct));

    private static async Task<int> CreateKeyAsync(HttpClient client, string name)
    {
        using var created = await client.PostAsJsonAsync("/api/keys", new { name, role = "Helpdesk" }, Ct);
        return (await created.Content.ReadFromJsonAsync<JsonElement>(Json.Options, Ct)).GetProperty("id").GetInt32();
    }

    private static async Task Expect(HttpStatusCode status, Task<HttpResponseMessage> call)
    {
        using var response = await call;
        Assert.True(status == response.StatusCode, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
    }

    private async Task<int> CountAsync(string action, string target, string actor)
    {
        var count = 0;
        await factory.WithDatabaseAsync(async db =>
        {
            var entries = await db.AuditEntries.Where(e => e.Action == action && e.Target == target).ToListAsync(Ct);
            Assert.All(entries, e => Assert.Equal(actor, e.Actor));
            Assert.All(entries, e => Assert.Equal(DateTimeKind.Utc, e.At.Kind));
            count = entries.Count;
        });
        return count;
    }

    private async Task<int> CountAllAsync()
    {
        var count = 0;
        await factory.WithDatabaseAsync(async db => count = await db.AuditEntries.CountAsync(Ct));
        return count;
    }
}

/// <summary>On the embedded SQLite database.</summary>
public sealed class AuditTrailOnSqliteTests(MoveCenterWebFactory factory) : AuditTrailTests(factory), IClassFixture<MoveCenterWebFactory>;

/// <summary>On PostgreSQL: its insert-only triggers, and the trail's filters and paging as PostgreSQL runs them.</summary>
public sealed class AuditTrailOnPostgreSqlTests(PostgreSqlWebFactory factory) : AuditTrailTests(factory), IClassFixture<PostgreSqlWebFactory>;
