using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MovePage = MoveCenter.Web.Components.Pages.MovePage;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The move page over a real SQLite database, for an admin and for a helpdesk member.</summary>
public sealed class MovePageTests : MudTestContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "movecenter-page-tests", Guid.NewGuid().ToString("N"));
    private readonly Bunit.TestDoubles.BunitAuthorizationContext _auth;
    private Guid _moveId;

    public MovePageTests()
    {
        Services.AddMoveCenterPersistence(DatabaseSettings.Sqlite(Path.Combine(_folder, "movecenter.db")));
        Services.AddSingleton(TimeProvider.System);
        Services.AddMoveHandlers();
        Services.AddSingleton<MoveUpdates>();
        _auth = AddAuthorization();
    }

    public async ValueTask InitializeAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync(Ct);
        await db.MigrateMoveCenterDatabaseAsync(Ct);
        var source = PostOffice.Maildir("SourcePO", "dom1", Path.Combine(_folder, "SourcePO"));
        var target = PostOffice.Maildir("DestPO", "dom1", Path.Combine(_folder, "DestPO"));
        db.PostOffices.AddRange(source, target);
        await db.SaveChangesAsync(Ct);
        db.DirectoryUsers.Add(new DirectoryUser("UserA", source.Id, "Demo User A", "usera@dom1.example"));
        var move = Move.Queue(Guid.NewGuid(), "UserA", source.Id, target.Id, new MoveOptions(), null, "admin", DateTime.UtcNow);
        db.Moves.Add(move);
        await db.SaveChangesAsync(Ct);
        _moveId = move.Id;
    }

    [Fact]
    public void A_helpdesk_member_sees_neither_actions_nor_pending_items_nor_the_log()
    {
        _auth.SetAuthorized("helpdesk1").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));

        page.WaitForAssertion(() => Assert.Equal("Queued", page.Find(".move-status [data-status]").GetAttribute("data-status")));
        Assert.Empty(page.FindAll(".move-actions"));
        Assert.Empty(page.FindAll(".pending-items"));
        Assert.Empty(page.FindAll(".move-log"));
        Assert.Equal(["History"], page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.Contains("move asked for by admin", page.Find(".move-history").TextContent);
    }

    [Fact]
    public async Task A_helpdesk_member_sees_a_stalled_move_in_plain_words_without_the_item_or_the_server_error()
    {
        const string reason = "Could not read the message at the source: 1700000000.M1P1.demo,S=48213 in Sent is a symbolic link to /etc/passwd.";
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var move = await db.Moves.SingleAsync(m => m.Id == _moveId, Ct);
            move.BeginWork(DateTime.UtcNow);
            move.Stall(reason, new RetryPolicy(), DateTime.UtcNow);
            await db.SaveChangesAsync(Ct);
        }
        _auth.SetAuthorized("helpdesk1").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));

        page.WaitForAssertion(() => Assert.Equal("Stalled", page.Find(".move-status [data-status]").GetAttribute("data-status")));
        Assert.Contains("stopped and waited for an administrator", page.Find(".move-history").TextContent);
        Assert.Contains("it waits for an administrator", page.Find(".move-reason").TextContent);
        Assert.DoesNotContain("1700000000.M1P1", page.Markup);
        Assert.DoesNotContain("symbolic link", page.Markup);
        Assert.DoesNotContain("Sent", page.Markup);
    }

    [Fact]
    public async Task An_admin_retries_a_cleanup_that_needs_an_admin_from_the_move_page()
    {
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var policy = new RetryPolicy { CleanupPeriod = TimeSpan.Zero };
            var source = await db.PostOffices.SingleAsync(p => p.Name == "SourcePO", Ct);
            var cleanup = PendingCleanup.Record(_moveId, "UserA", source.Id, "Access to the path is denied", policy, DateTime.UtcNow);
            cleanup.RecordFailure("Access to the path is denied", policy, DateTime.UtcNow);
            db.PendingCleanups.Add(cleanup);
            await db.SaveChangesAsync(Ct);
        }
        _auth.SetAuthorized("admin7").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));
        page.WaitForAssertion(() => Assert.Equal("NeedsAdmin", page.Find(".source-cleanup").GetAttribute("data-cleanup-state")));

        page.Find(".retry-cleanup").Click();

        page.WaitForAssertion(() => Assert.Equal("Pending", page.Find(".source-cleanup").GetAttribute("data-cleanup-state")));
        await using var check = await DbFactory.CreateDbContextAsync(Ct);
        var retried = await check.PendingCleanups.SingleAsync(Ct);
        Assert.Equal((CleanupState.Pending, "admin7"), (retried.State, retried.RetriedBy));
    }

    [Fact]
    public void An_admin_sees_the_actions_and_the_pending_items_and_log_tabs()
    {
        _auth.SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));

        page.WaitForAssertion(() => Assert.Single(page.FindAll(".move-actions")));
        Assert.Equal(["Pending Items", "History", "Log"], page.FindAll(".mud-tab").Select(t => t.TextContent.Trim()));
        Assert.False(page.Find("button[data-action=Suspend]").HasAttribute("disabled"));
        Assert.True(page.Find("button[data-action=Clear]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task An_admin_action_runs_as_the_signed_in_admin_and_shows_the_new_status()
    {
        _auth.SetAuthorized("admin7").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        var snackbar = Render<MudSnackbarProvider>();
        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".move-actions")));

        page.Find("button[data-action=Suspend]").Click();

        page.WaitForAssertion(() => Assert.Equal("Suspended", page.Find(".move-status [data-status]").GetAttribute("data-status")));
        Assert.False(page.Find("button[data-action=Resume]").HasAttribute("disabled"));
        snackbar.WaitForAssertion(() => Assert.Contains("now Suspended", snackbar.Markup));
        var last = await LastEventAsync();
        Assert.Equal(("admin7", "Move suspended."), (last.Actor, last.Message));
    }

    [Fact]
    public async Task An_action_refused_because_another_admin_acted_first_is_shown_to_the_admin()
    {
        _auth.SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        var snackbar = Render<MudSnackbarProvider>();
        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".move-actions")));
        await ChangeMoveAsync(move => move.Cancel("admin2", DateTime.UtcNow));

        page.Find("button[data-action=Suspend]").Click();

        snackbar.WaitForAssertion(() => Assert.Contains("Cannot suspend a move that is Cancelled", snackbar.Markup));
    }

    [Fact]
    public async Task An_admin_restarts_a_stalled_move_entirely_from_the_Retry_choices_once_confirmed()
    {
        await ChangeMoveAsync(move =>
        {
            PassPhases(move, 3);
            move.Stall("Item 7 in Inbox could not be moved after 3 attempts.", new RetryPolicy(), DateTime.UtcNow);
        });
        var (page, dialogs) = RenderAsAdmin("admin7");

        page.Find("button[data-action=Retry]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find(".retry-choice[data-choice=RestartEntireMove] input").Click());
        dialogs.Find("#retry-choice-submit").Click();
        dialogs.WaitForAssertion(() => dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Restart the entire move").Click());

        page.WaitForAssertion(() => Assert.Equal("Queued", page.Find(".move-status [data-status]").GetAttribute("data-status")));
        Assert.Equal("Preflight", page.Find(".move-phase").TextContent.Trim());
        var last = await LastEventAsync();
        Assert.Equal("admin7", last.Actor);
        Assert.StartsWith("Restart of the entire move requested while Stalled in Item request", last.Message);
    }

    [Fact]
    public async Task An_admin_stops_the_deferred_retries_of_a_waiting_move_and_the_page_says_who_stopped_them()
    {
        await ChangeMoveAsync(move =>
        {
            PassPhases(move, 1);
            move.Defer(new RetryPolicy().Decide(RetryCause.NoServer, null, 0, DateTime.UtcNow), "target post office DestPO did not answer", DateTime.UtcNow);
        });
        var (page, dialogs) = RenderAsAdmin("admin7");

        page.Find("button[data-action=Retry]").Click();
        dialogs.WaitForAssertion(() => dialogs.Find(".retry-choice[data-choice=StopDeferredRetries] input").Click());
        dialogs.Find("#retry-choice-submit").Click();

        page.WaitForAssertion(() => Assert.Equal("Stalled", page.Find(".move-status [data-status]").GetAttribute("data-status")));
        Assert.StartsWith("Automatic retries stopped by admin7", page.Find(".move-reason").TextContent.Trim());
        Assert.Equal("admin7", (await LastEventAsync()).Actor);
    }

    [Fact]
    public async Task A_push_reads_only_the_new_history_entries_and_samples_and_the_inventory_only_when_the_move_changed()
    {
        var start = DateTime.UtcNow.AddMinutes(-10);
        await ChangeMoveAsync(move =>
        {
            PassPhases(move, 3);
            move.RecordInventory(2, 2000, start);
        });
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            db.InventoryItems.AddRange(
                new InventoryItem(_moveId, 1, InventoryKind.Message, "INBOX", "a", 1000),
                new InventoryItem(_moveId, 2, InventoryKind.Message, "INBOX", "b", 1000));
            for (var i = 0; i < 3; i++) db.MoveProgressSamples.Add(new MoveProgressSample(_moveId, start.AddSeconds(10 * i), 0, 100 * i));
            await db.SaveChangesAsync(Ct);
        }
        _auth.SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));
        page.WaitForAssertion(() => Assert.Single(page.FindAll(".throughput-chart")));
        var historyShown = page.FindAll(".move-history [data-kind]").Count;
        Assert.Equal("2", page.Find(".throughput-chart").GetAttribute("data-points"));
        // Rows the page already shows are changed behind its back: a page that read them again would show the changes.
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            await db.MoveEvents.Where(e => e.MoveId == _moveId).ExecuteUpdateAsync(s => s.SetProperty(e => e.Message, "read again"), Ct);
            await db.MoveProgressSamples.Where(p => p.MoveId == _moveId).OrderBy(p => p.Id).Take(1).ExecuteDeleteAsync(Ct);
            await db.InventoryItems.Where(i => i.SourceKey == "a").ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InventoryState.Failed), Ct);
        }

        await ChangeMoveAsync(move => move.Note(DateTime.UtcNow, MoveEventKind.Note, "the newest entry"));
        await AddSampleAsync(start.AddSeconds(30), 300);
        await PushAsync();

        page.WaitForAssertion(() => Assert.Equal(historyShown + 1, page.FindAll(".move-history [data-kind]").Count));
        Assert.Contains("the newest entry", page.Find(".move-history").TextContent);
        Assert.DoesNotContain("read again", page.Find(".move-history").TextContent);
        Assert.Equal("3", page.Find(".throughput-chart").GetAttribute("data-points"));
        // The new entry may come with an item's change, so the breakdown was read with it.
        Assert.Equal("1 · 1000 B", page.Find("tr[data-kind=Message] td[data-state=Failed]").TextContent.Trim());

        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
            await db.InventoryItems.Where(i => i.SourceKey == "b").ExecuteUpdateAsync(s => s.SetProperty(i => i.State, InventoryState.Failed), Ct);
        await AddSampleAsync(start.AddSeconds(40), 400);
        await PushAsync();

        page.WaitForAssertion(() => Assert.Equal("4", page.Find(".throughput-chart").GetAttribute("data-points")));
        Assert.Equal("1 · 1000 B", page.Find("tr[data-kind=Message] td[data-state=Failed]").TextContent.Trim());

        await ChangeMoveAsync(move => move.RecordProgress(1, 0, 1000, DateTime.UtcNow));
        await PushAsync();

        page.WaitForAssertion(() => Assert.Equal("2 · 2.0 KB", page.Find("tr[data-kind=Message] td[data-state=Failed]").TextContent.Trim()));
    }

    private async Task AddSampleAsync(DateTime at, long bytes)
    {
        await using var db = await DbFactory.CreateDbContextAsync(Ct);
        db.MoveProgressSamples.Add(new MoveProgressSample(_moveId, at, 0, bytes));
        await db.SaveChangesAsync(Ct);
    }

    private async Task PushAsync()
    {
        var details = await Services.GetRequiredService<GetMoveDetailsHandler>().HandleAsync(_moveId, Ct);
        await Services.GetRequiredService<MoveUpdates>().OnMoveChangedAsync(details!.Summary, Ct);
    }

    /// <summary>Renders the page for a signed-in admin, with the dialog and snackbar providers it needs.</summary>
    private (IRenderedComponent<MovePage> Page, IRenderedComponent<MudDialogProvider> Dialogs) RenderAsAdmin(string admin)
    {
        _auth.SetAuthorized(admin).SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        Render<MudSnackbarProvider>();
        var dialogs = Render<MudDialogProvider>();
        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));
        page.WaitForAssertion(() => Assert.False(page.Find("button[data-action=Retry]").HasAttribute("disabled")));
        return (page, dialogs);
    }

    /// <summary>Starts the move and completes its first phases, as the engine would.</summary>
    private static void PassPhases(Move move, int phases)
    {
        move.BeginWork(DateTime.UtcNow);
        for (var i = 0; i < phases; i++) move.CompletePhase(DateTime.UtcNow, "");
    }

    private async Task ChangeMoveAsync(Action<Move> change)
    {
        await using var db = await DbFactory.CreateDbContextAsync(Ct);
        change(await db.Moves.SingleAsync(m => m.Id == _moveId, Ct));
        await db.SaveChangesAsync(Ct);
    }

    private async Task<MoveEvent> LastEventAsync()
    {
        await using var db = await DbFactory.CreateDbContextAsync(Ct);
        return await db.MoveEvents.Where(e => e.MoveId == _moveId).OrderBy(e => e.Id).LastAsync(Ct);
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private IDbContextFactory<MoveCenterDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();
}
