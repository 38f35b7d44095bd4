using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
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

/// <summary>
/// The Move User Status actions through the API: each test owns one demo user, so the tests do not depend on each
/// other's order. A stalled move is made by planting the demo's unreadable item in the user's Inbox before queueing.
/// </summary>
public sealed class MoveActionsApiTests(MoveActionsWebFactory factory) : IClassFixture<MoveActionsWebFactory>
{
    private const string Actor = "api-key:bootstrap";
    private const string UnreadableKey = "1700000000.M1P1.demo";
    private const string HelpdeskKey = "mc_test_helpdesk_actions_key_0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pending_items_of_a_stalled_move_list_the_unreadable_item_first_and_Skip_lets_the_move_complete()
    {
        using var client = factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserA");

        var pending = await PendingItemsAsync(client, id);

        Assert.Equal(1, pending.TotalCount);
        var bad = pending.Items[0];
        Assert.StartsWith(UnreadableKey, bad.SourceKey);
        Assert.Equal("Inbox", bad.Folder);
        Assert.Equal("Failed", bad.State);
        Assert.Equal(3, bad.Attempts);
        Assert.Contains("cannot be read", bad.LastError);

        using var skip = await ActAsync(client, HttpMethod.Post, id, "skip");

        Assert.Equal(HttpStatusCode.OK, skip.StatusCode);
        Assert.Equal(1, (await skip.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.ItemsSkipped);
        Assert.Equal(0, (await PendingItemsAsync(client, id)).TotalCount);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(1, move.Skipped);
        Assert.Equal(0, move.Remaining);
        Assert.Equal(move.InventoryTotal, move.Moved + move.Skipped);
        var skipped = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.ItemSkipped));
        Assert.Equal(Actor, skipped.Actor);
        Assert.Contains(UnreadableKey, skipped.Message);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor && h.Message.StartsWith("Retry requested while Stalled", StringComparison.Ordinal));
        await factory.WithDatabaseAsync(async db =>
        {
            var item = await db.InventoryItems.SingleAsync(i => i.MoveId == id && i.SourceKey == bad.SourceKey, Ct);
            Assert.Equal(InventoryState.Skipped, item.State);
            Assert.Equal(Actor, item.SkippedBy);
        });

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "skip");

        Assert.Equal(("Completed", 1, move.History.Count), (after.Status, after.Skipped, after.History.Count));
    }

    [Fact]
    public async Task Force_Complete_of_a_stalled_move_skips_every_remaining_item_and_purges_the_source()
    {
        using var client = factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserB");
        var before = await GetMoveAsync(client, id);
        var source = await SourceMailboxPathAsync(client, "UserB");
        Assert.True(before.Remaining > 0);
        Assert.Equal(before.Remaining, (await PendingItemsAsync(client, id)).TotalCount);
        Assert.True(Directory.Exists(source), $"{source} should exist while the move is stalled");

        using var response = await ActAsync(client, HttpMethod.Post, id, "force-complete");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(before.Skipped + before.Remaining, move.Skipped);
        Assert.Equal(0, move.Remaining);
        Assert.False(Directory.Exists(source), $"{source} should be purged");
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Force Complete while Stalled", StringComparison.Ordinal));
        await factory.WithDatabaseAsync(async db =>
        {
            var skippedBy = await db.InventoryItems.Where(i => i.MoveId == id && i.State == InventoryState.Skipped).Select(i => i.SkippedBy).ToListAsync(Ct);
            Assert.Equal(before.Remaining, skippedBy.Count);
            Assert.All(skippedBy, by => Assert.Equal(Actor, by));
        });
    }

    [Fact]
    public async Task Retry_of_a_stalled_move_gives_the_failed_item_fresh_attempts_and_the_move_stalls_on_it_again()
    {
        using var client = factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserC");

        using var response = await ActAsync(client, HttpMethod.Post, id, "retry");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await Eventually.UntilAsync(() => GetMoveAsync(client, id),
            m => m.History.Count(h => h.Kind == nameof(MoveEventKind.Stalled)) == 2 || m.Status is "Completed" or "Failed" or "Cancelled",
            "the retried move of UserC stalls again");
        Assert.Equal("Stalled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Retry requested while Stalled", StringComparison.Ordinal));
        var failures = move.History.Where(h => h.Kind == nameof(MoveEventKind.ItemFailed)).Select(h => h.Message).ToList();
        Assert.Equal(6, failures.Count);
        Assert.Equal(2, failures.Count(f => f.Contains("(attempt 1 of 3)", StringComparison.Ordinal)));
        var retryAt = move.History.Single(h => h.Kind == nameof(MoveEventKind.AdminAction)).At;
        Assert.Equal(3, move.History.Count(h => h.Kind == nameof(MoveEventKind.ItemFailed) && h.At >= retryAt));
        var bad = (await PendingItemsAsync(client, id)).Items[0];
        Assert.StartsWith(UnreadableKey, bad.SourceKey);
        Assert.Equal(("Failed", 3), (bad.State, bad.Attempts));
    }

    [Fact]
    public async Task Cancel_of_a_scheduled_move_withdraws_it_and_a_second_Cancel_is_a_conflict()
    {
        using var client = factory.CreateApiClient();
        var id = await QueueAsync(client, "UserD", DateTime.UtcNow.AddDays(1));

        using var response = await ActAsync(client, HttpMethod.Post, id, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(MoveStatus.Cancelled, (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Cancelled", move.Status);
        var cancelled = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.Cancelled));
        Assert.Equal(Actor, cancelled.Actor);
        Assert.Contains("Withdrawn before anything changed", cancelled.Message);
        Assert.Equal(("SourcePO", false), await HomeOfAsync(client, "UserD"));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "cancel");

        Assert.Equal(("Cancelled", move.History.Count), (after.Status, after.History.Count));
    }

    [Fact]
    public async Task Cancel_of_a_stalled_move_puts_the_user_back_on_the_source_with_the_source_mailbox_intact()
    {
        using var client = factory.CreateApiClient();
        var source = await SourceMailboxPathAsync(client, "UserE");
        MaildirDemoItems.PlantUnreadableItem(source);
        var sourceBefore = Snapshot(source);
        var id = await StalledMoveAsync(client, "UserE", plant: false);
        Assert.Equal(("DestPO", true), await HomeOfAsync(client, "UserE"));

        using var response = await ActAsync(client, HttpMethod.Post, id, "cancel");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Cancelled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.Cancelled) && h.Actor == Actor);
        Assert.Contains(move.History, h => h.Actor == Actor && h.Message.Contains("lives on the source post office again", StringComparison.Ordinal));
        Assert.Equal(("SourcePO", false), await HomeOfAsync(client, "UserE"));
        Assert.Equal(sourceBefore, Snapshot(source));
    }

    [Fact]
    public async Task Suspend_holds_a_scheduled_move_and_Resume_queues_it_again_for_its_start_time()
    {
        using var client = factory.CreateApiClient();
        var tomorrow = DateTime.UtcNow.AddDays(1);
        var id = await QueueAsync(client, "UserF", tomorrow);

        using var suspend = await ActAsync(client, HttpMethod.Post, id, "suspend");

        Assert.Equal(HttpStatusCode.OK, suspend.StatusCode);
        Assert.Equal(MoveStatus.Suspended, (await suspend.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        Assert.Equal("Suspended", (await GetMoveAsync(client, id)).Status);

        using var resume = await ActAsync(client, HttpMethod.Post, id, "resume");

        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Equal(MoveStatus.Queued, (await resume.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!.Status);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Queued", move.Status);
        Assert.Equal("Preflight", move.Phase);
        Assert.NotNull(move.NotBefore);
        Assert.True(move.NotBefore > DateTime.UtcNow.AddHours(12), $"the move should still start tomorrow, not at {move.NotBefore:u}");
        var actions = move.History.Where(h => h.Kind == nameof(MoveEventKind.AdminAction)).ToList();
        Assert.Equal(["Move suspended.", "Move resumed."], actions.Select(a => a.Message));
        Assert.All(actions, a => Assert.Equal(Actor, a.Actor));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "resume");

        Assert.Equal(("Queued", move.NotBefore, move.History.Count), (after.Status, after.NotBefore, after.History.Count));
    }

    [Fact]
    public async Task Force_Complete_of_a_move_that_has_not_started_is_a_conflict_and_changes_nothing()
    {
        using var client = factory.CreateApiClient();
        var id = await QueueAsync(client, "UserI", DateTime.UtcNow.AddDays(1));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "force-complete");

        Assert.Equal(("Queued", "Preflight"), (after.Status, after.Phase));
        using var cancel = await ActAsync(client, HttpMethod.Post, id, "cancel");
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Fact]
    public async Task Clear_Status_refuses_an_active_move_and_hides_a_completed_one_from_the_list_but_keeps_its_history()
    {
        using var client = factory.CreateApiClient();
        var scheduled = await QueueAsync(client, "UserG", DateTime.UtcNow.AddDays(1));

        using var refused = await ActAsync(client, HttpMethod.Delete, scheduled, "");

        await AssertConflictAsync(refused);
        Assert.Contains(await ListedIdsAsync(client, "UserG"), i => i == scheduled);
        using (var cancel = await ActAsync(client, HttpMethod.Post, scheduled, "cancel"))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var id = await QueueAsync(client, "UserG");
        var completed = await UntilSettledAsync(client, id);
        Assert.Equal("Completed", completed.Status);

        using var response = await ActAsync(client, HttpMethod.Delete, id, "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain(await ListedIdsAsync(client, "UserG"), i => i == id);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Completed", move.Status);
        Assert.Equal(completed.History.Count + 1, move.History.Count);
        Assert.Equal(completed.History.Select(h => h.Message), move.History.Take(completed.History.Count).Select(h => h.Message));
        Assert.Equal(nameof(MoveEventKind.Queued), move.History[0].Kind);
        var cleared = move.History[^1];
        Assert.Equal(nameof(MoveEventKind.AdminAction), cleared.Kind);
        Assert.Equal(Actor, cleared.Actor);
        Assert.StartsWith("Status cleared", cleared.Message);
    }

    [Fact]
    public async Task Stop_deferred_retries_of_a_move_waiting_for_an_unmounted_post_office_stalls_it_naming_who_stopped_them()
    {
        using var client = factory.CreateApiClient();
        var root = Path.Combine(factory.DataDirectory, "postoffices", "UnmountedPO");
        Directory.CreateDirectory(root);
        using (var added = await client.PostAsJsonAsync("/api/post-offices", new { name = "UnmountedPO", domain = "dom1", kind = "maildir", rootPath = root }, Ct))
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        Directory.Delete(root);
        using (var queued = await client.PostAsJsonAsync("/api/moves", new { userId = "UserK", targetPostOffice = "UnmountedPO" }, Ct))
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        var id = (await ListedIdsAsync(client, "UserK")).Single();
        var waiting = await Eventually.UntilAsync(() => GetMoveAsync(client, id), m => m.Status != "Queued" && m.Status != "Running",
            "the move to the unmounted post office waits for it");
        Assert.Equal("Waiting", waiting.Status);
        Assert.NotNull(waiting.NotBefore);

        using var response = await ActAsync(client, HttpMethod.Post, id, "stop-deferred-retries");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!;
        Assert.Equal((MoveStatus.Stalled, null), (summary.Status, summary.NotBefore));
        Assert.StartsWith($"Automatic retries stopped by {Actor}", summary.WaitReason);
        Assert.Contains("UnmountedPO", summary.WaitReason);
        var move = await GetMoveAsync(client, id);
        Assert.Equal("Stalled", move.Status);
        Assert.Contains(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction) && h.Actor == Actor
            && h.Message.StartsWith("Deferred retries stopped at NoServer retry 1", StringComparison.Ordinal));

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "stop-deferred-retries");

        Assert.Equal(("Stalled", move.WaitReason, move.History.Count), (after.Status, after.WaitReason, after.History.Count));
    }

    [Fact]
    public async Task Restart_of_a_stalled_move_runs_it_again_from_preflight_and_it_stalls_on_the_same_item_with_nothing_moved_twice()
    {
        using var client = factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserL");
        var before = await GetMoveAsync(client, id);

        using var response = await ActAsync(client, HttpMethod.Post, id, "restart");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var summary = (await response.Content.ReadFromJsonAsync<MoveSummary>(Json.Options, Ct))!;
        Assert.Equal((MoveStatus.Queued, MovePhase.Preflight, 0), (summary.Status, summary.Phase, summary.ItemsMoved));
        var move = await Eventually.UntilAsync(() => GetMoveAsync(client, id),
            m => m.History.Count(h => h.Kind == nameof(MoveEventKind.Stalled)) == 2 || m.Status is "Completed" or "Failed" or "Cancelled",
            "the restarted move of UserL stalls again");
        Assert.Equal(("Stalled", "ItemRequest"), (move.Status, move.Phase));
        Assert.Equal((before.InventoryTotal, before.Moved, 1), (move.InventoryTotal, move.Moved, move.Remaining));
        var restart = Assert.Single(move.History, h => h.Kind == nameof(MoveEventKind.AdminAction));
        Assert.Equal(Actor, restart.Actor);
        Assert.StartsWith("Restart of the entire move requested while Stalled in Item request", restart.Message);
        Assert.Equal(2, move.History.Count(h => h.Kind == nameof(MoveEventKind.PhaseCompleted) && h.Message.StartsWith("Preflight completed", StringComparison.Ordinal)));
        await factory.WithDatabaseAsync(async db =>
        {
            var messages = await db.InventoryItems.Where(i => i.MoveId == id && i.Kind == InventoryKind.Message).Select(i => i.SourceKey).ToListAsync(Ct);
            Assert.Equal(messages.Count, messages.Distinct().Count());
            Assert.Equal(before.Moved, await db.MigratedItems.CountAsync(m => m.MoveId == id, Ct));
        });
    }

    [Fact]
    public async Task Restart_of_a_cancelled_move_is_a_conflict_and_changes_nothing()
    {
        using var client = factory.CreateApiClient();
        var id = await QueueAsync(client, "UserM", DateTime.UtcNow.AddDays(1));
        using (var cancel = await ActAsync(client, HttpMethod.Post, id, "cancel"))
            Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);

        var after = await AssertRefusedAndUnchangedAsync(client, id, HttpMethod.Post, "restart");

        Assert.Equal("Cancelled", after.Status);
    }

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
        using var client = factory.CreateApiClient();
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
        using var admin = factory.CreateApiClient();
        // The demo's last user has an unreadable item of its own.
        var userId = DemoDirectorySeeder.UserName(factory.DemoUsers - 1);
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
        await factory.WithDatabaseAsync(async db =>
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

    [Fact]
    public async Task The_log_of_a_stalled_move_has_its_lines_and_search_narrows_them_to_lines_with_the_text()
    {
        using var client = factory.CreateApiClient();
        var id = await StalledMoveAsync(client, "UserH");

        var all = await Eventually.UntilAsync(() => LogAsync(client, id, null),
            log => log.Lines.Any(l => l.Message.Contains("(attempt 3 of 3)", StringComparison.Ordinal)),
            "the move's log has the third failure of the unreadable item");

        // The sink keeps writing while we read: compare with the lines seen, which only grow.
        Assert.True(all.Lines.Count >= 3, $"expected the three failures of the unreadable item, saw {all.Lines.Count} lines");
        Assert.All(all.Lines, l => Assert.False(string.IsNullOrWhiteSpace(l.Message)));
        var search = await LogAsync(client, id, "attempt 2 of 3");
        Assert.NotEmpty(search.Lines);
        Assert.True(search.TotalCount < all.Lines.Count, $"the search found {search.TotalCount} of {all.Lines.Count} lines");
        Assert.All(search.Lines, l => Assert.Contains("attempt 2 of 3", l.Message));
        Assert.Contains(search.Lines, l => l.Message.Contains(UnreadableKey, StringComparison.Ordinal));
        Assert.Empty((await LogAsync(client, id, "no line says this")).Lines);
    }

    private async Task<Guid> StalledMoveAsync(HttpClient client, string userId, bool plant = true)
    {
        if (plant) MaildirDemoItems.PlantUnreadableItem(await SourceMailboxPathAsync(client, userId));
        var id = await QueueAsync(client, userId);
        var move = await UntilSettledAsync(client, id);
        Assert.Equal("Stalled", move.Status);
        return id;
    }

    private static async Task<Guid> QueueAsync(HttpClient client, string userId, DateTime? startAt = null)
    {
        using var response = await client.PostAsJsonAsync("/api/moves", new { userId, targetPostOffice = "DestPO", startAt }, Ct);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<MovesEndpoints.MoveAccepted>(Json.Options, Ct))!.Id;
    }

    private static Task<MovesEndpoints.MoveResource> UntilSettledAsync(HttpClient client, Guid id) =>
        Eventually.UntilAsync(() => GetMoveAsync(client, id), m => m.Status is "Completed" or "Failed" or "Cancelled" or "Stalled",
            $"the move {id} settles");

    private static async Task<MovesEndpoints.MoveResource> GetMoveAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveResource>($"/api/moves/{id}", Json.Options, Ct))!;

    private static async Task<PendingItemsPage> PendingItemsAsync(HttpClient client, Guid id) =>
        (await client.GetFromJsonAsync<PendingItemsPage>($"/api/moves/{id}/pending-items?skip=0&take=50", Json.Options, Ct))!;

    private static async Task<MoveLogPage> LogAsync(HttpClient client, Guid id, string? search) =>
        (await client.GetFromJsonAsync<MoveLogPage>(
            $"/api/moves/{id}/log" + (search is null ? "" : $"?search={Uri.EscapeDataString(search)}"), Json.Options, Ct))!;

    private static async Task<IReadOnlyList<Guid>> ListedIdsAsync(HttpClient client, string userId) =>
        (await client.GetFromJsonAsync<MovesEndpoints.MoveListResource>($"/api/moves?user={userId}", Json.Options, Ct))!.Items.Select(m => m.Id).ToList();

    private static Task<HttpResponseMessage> ActAsync(HttpClient client, HttpMethod method, Guid id, string action) =>
        client.SendAsync(new HttpRequestMessage(method, action.Length == 0 ? $"/api/moves/{id}" : $"/api/moves/{id}/{action}"), Ct);

    /// <summary>An action the move's state does not allow: 409 with a reason, and the move exactly as before.</summary>
    private static async Task<MovesEndpoints.MoveResource> AssertRefusedAndUnchangedAsync(HttpClient client, Guid id, HttpMethod method, string action)
    {
        var before = await GetMoveAsync(client, id);
        using var response = await ActAsync(client, method, id, action);
        await AssertConflictAsync(response);
        var after = await GetMoveAsync(client, id);
        Assert.Equal((before.Status, before.Phase, before.Moved, before.Skipped, before.NotBefore, before.WaitReason, before.History.Count),
            (after.Status, after.Phase, after.Moved, after.Skipped, after.NotBefore, after.WaitReason, after.History.Count));
        return after;
    }

    private static async Task AssertConflictAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>(Json.Options, Ct);
        Assert.False(string.IsNullOrWhiteSpace(problem!.Detail));
    }

    private static async Task<(string PostOffice, bool InTransit)> HomeOfAsync(HttpClient client, string userId)
    {
        var users = await client.GetFromJsonAsync<JsonElement[]>($"/api/users?search={userId}", Json.Options, Ct);
        var user = Assert.Single(users!, u => u.GetProperty("userId").GetString() == userId);
        return (user.GetProperty("postOffice").GetString()!, user.GetProperty("inTransit").GetBoolean());
    }

    /// <summary>The user's Maildir at SourcePO, from the post office's root path as the API shows it.</summary>
    private static async Task<string> SourceMailboxPathAsync(HttpClient client, string userId)
    {
        var postOffices = await client.GetFromJsonAsync<JsonElement[]>("/api/post-offices", Json.Options, Ct);
        var source = postOffices!.Single(p => p.GetProperty("name").GetString() == "SourcePO");
        return Path.Combine(source.GetProperty("rootPath").GetString()!, userId);
    }

    private static List<string> Snapshot(string directory) =>
        Directory.EnumerateFileSystemEntries(directory, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(directory, p)).Order(StringComparer.Ordinal).ToList();

    private async Task<HttpClient> HelpdeskClientAsync()
    {
        await factory.WithDatabaseAsync(async db =>
        {
            if (await db.ApiKeys.AnyAsync(k => k.Name == "helpdesk-actions", Ct)) return;
            db.ApiKeys.Add(new ApiKey { Name = "helpdesk-actions", KeyHash = ApiKeyDefaults.Hash(HelpdeskKey), Role = Roles.Helpdesk, CreatedAt = DateTime.UtcNow });
            await db.SaveChangesAsync(Ct);
        });
        return factory.CreateApiClient(HelpdeskKey);
    }

    private static IEnumerable<string> Strings(JsonElement element)
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
