using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Web.Components.Pages;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Move User Status page over a real SQLite database, fed by the same MoveUpdates the change feed calls.</summary>
public sealed class MovesPageTests : MudTestContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "movecenter-page-tests", Guid.NewGuid().ToString("N"));
    private Guid _moveId;

    public MovesPageTests()
    {
        Services.AddMoveCenterPersistence(DatabaseSettings.Sqlite(Path.Combine(_folder, "movecenter.db")));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<ListMovesHandler>();
        Services.AddSingleton<MoveUpdates>();
        Services.AddMoveHandlers();
        AddAuthorization().SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
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
    public void The_page_shows_a_row_per_move_and_the_counts()
    {
        RenderPopoverProvider();

        var page = Render<MovesPage>();

        page.WaitForAssertion(() => Assert.Equal("Queued", RowStatus(page)));
        Assert.Contains("UserA", page.Find("tr.move-row").TextContent);
        Assert.Contains("SourcePO → DestPO", page.Find("tr.move-row").TextContent);
        Assert.Contains("Queued 1", page.Find(".status-counters [data-status=Queued]").TextContent);
        Assert.NotNull(page.Find("#move-user"));
    }

    [Fact]
    public async Task A_move_event_changes_the_row_in_place()
    {
        RenderPopoverProvider();
        var page = Render<MovesPage>();
        page.WaitForAssertion(() => Assert.Equal("Queued", RowStatus(page)));

        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var move = await db.Moves.SingleAsync(m => m.Id == _moveId, Ct);
            move.BeginWork(DateTime.UtcNow);
            await db.SaveChangesAsync(Ct);
        }
        var summary = (await Services.GetRequiredService<ListMovesHandler>().HandleAsync(new ListMovesQuery(), Ct)).Items.Single();
        await Services.GetRequiredService<MoveUpdates>().OnMoveChangedAsync(summary, Ct);

        page.WaitForAssertion(() => Assert.Equal("Running", RowStatus(page)));
        Assert.Contains("status-running", page.Find("tr.move-row").ClassList);
        Assert.Contains("Running 1", page.Find(".status-counters [data-status=Running]").TextContent);
        Assert.Contains("Queued 0", page.Find(".status-counters [data-status=Queued]").TextContent);
    }

    [Fact]
    public async Task A_move_queued_elsewhere_appears_when_its_event_arrives()
    {
        RenderPopoverProvider();
        var page = Render<MovesPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("tr.move-row")));

        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var target = await db.PostOffices.SingleAsync(p => p.Name == "DestPO", Ct);
            var source = await db.PostOffices.SingleAsync(p => p.Name == "SourcePO", Ct);
            db.DirectoryUsers.Add(new DirectoryUser("UserB", source.Id, "Demo User B", null));
            db.Moves.Add(Move.Queue(Guid.NewGuid(), "UserB", source.Id, target.Id, new MoveOptions(), null, "admin", DateTime.UtcNow));
            await db.SaveChangesAsync(Ct);
        }
        var summary = (await Services.GetRequiredService<ListMovesHandler>().HandleAsync(new ListMovesQuery(User: "UserB"), Ct)).Items.Single();
        await Services.GetRequiredService<MoveUpdates>().OnMoveChangedAsync(summary, Ct);

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.move-row").Count));
        Assert.Contains(page.FindAll("tr.move-row"), row => row.TextContent.Contains("UserB"));
    }

    [Fact]
    public void An_admin_suspends_the_selected_moves_at_once()
    {
        RenderPopoverProvider();
        Render<MudBlazor.MudSnackbarProvider>();
        var page = Render<MovesPage>();
        page.WaitForAssertion(() => Assert.Equal("Queued", RowStatus(page)));
        Assert.Empty(page.FindAll(".bulk-actions"));

        page.Find("tr.move-row input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Contains("1 selected", page.Find(".bulk-actions").TextContent));
        page.Find("button[data-bulk-action=Suspend]").Click();

        page.WaitForAssertion(() => Assert.Equal("Suspended", RowStatus(page)));
    }

    [Fact]
    public async Task An_admin_force_completes_the_selected_stalled_moves_once_confirmed_and_their_items_are_skipped_by_that_admin()
    {
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var move = await db.Moves.SingleAsync(m => m.Id == _moveId, Ct);
            move.BeginWork(DateTime.UtcNow);
            for (var phase = 0; phase < 3; phase++) move.CompletePhase(DateTime.UtcNow, "");
            move.RecordInventory(2, 2048, DateTime.UtcNow);
            move.Stall("Item 7 in Inbox could not be moved after 3 attempts.", new RetryPolicy(), DateTime.UtcNow);
            db.InventoryItems.AddRange(
                new InventoryItem(_moveId, 1, InventoryKind.Message, "", "7", 1024),
                new InventoryItem(_moveId, 2, InventoryKind.Message, "", "8", 1024));
            await db.SaveChangesAsync(Ct);
        }
        RenderPopoverProvider();
        Render<MudBlazor.MudSnackbarProvider>();
        var dialogs = Render<MudBlazor.MudDialogProvider>();
        var page = Render<MovesPage>();
        page.WaitForAssertion(() => Assert.Equal("Stalled", RowStatus(page)));

        page.Find("tr.move-row input[type=checkbox]").Change(true);
        page.WaitForAssertion(() => Assert.Equal("Force Complete (1)", page.Find("button[data-bulk-action=ForceComplete]").TextContent.Trim()));
        page.Find("button[data-bulk-action=ForceComplete]").Click();
        dialogs.WaitForAssertion(() => Assert.Contains("The 2 items of UserA not yet at their target", dialogs.Find(".mud-dialog").TextContent));
        dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Force Complete: 1 move").Click();

        page.WaitForAssertion(() => Assert.Equal("Queued", RowStatus(page)));
        await using var check = await DbFactory.CreateDbContextAsync(Ct);
        var skippedBy = await check.InventoryItems.Where(i => i.MoveId == _moveId).Select(i => new { i.State, i.SkippedBy }).ToListAsync(Ct);
        Assert.All(skippedBy, i => Assert.Equal((InventoryState.Skipped, "admin"), (i.State, i.SkippedBy)));
    }

    [Fact]
    public async Task The_post_office_filter_keeps_the_moves_from_or_to_the_chosen_post_office()
    {
        await using (var db = await DbFactory.CreateDbContextAsync(Ct))
        {
            var east = PostOffice.Maildir("EastPO", "dom2", Path.Combine(_folder, "EastPO"));
            var west = PostOffice.Maildir("WestPO", "dom2", Path.Combine(_folder, "WestPO"));
            db.PostOffices.AddRange(east, west);
            await db.SaveChangesAsync(Ct);
            db.DirectoryUsers.Add(new DirectoryUser("UserE", east.Id, "Demo User E", null));
            db.Moves.Add(Move.Queue(Guid.NewGuid(), "UserE", east.Id, west.Id, new MoveOptions(), null, "admin", DateTime.UtcNow));
            await db.SaveChangesAsync(Ct);
        }
        var popovers = RenderPopoverProvider();
        var page = Render<MovesPage>();
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.move-row").Count));

        FilterByPostOffice(page, popovers, "WestPO");

        page.WaitForAssertion(() => Assert.Equal(["UserE"], RowUsers(page)));
        FilterByPostOffice(page, popovers, "SourcePO");
        page.WaitForAssertion(() => Assert.Equal(["UserA"], RowUsers(page)));
        FilterByPostOffice(page, popovers, null);
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.move-row").Count));
    }

    /// <summary>Picks a post office in the filter, or clears it.</summary>
    private static void FilterByPostOffice(IRenderedComponent<MovesPage> page, IRenderedComponent<MudBlazor.MudPopoverProvider> popovers, string? postOffice)
    {
        var select = page.FindComponent<MudBlazor.MudSelect<string>>();
        if (postOffice is null) select.Find(".mud-input-clear-button").Click();
        else Choose(select, popovers, postOffice);
    }

    private static List<string> RowUsers(IRenderedComponent<MovesPage> page) =>
        page.FindAll("tr.move-row a").Select(a => a.TextContent.Trim()).ToList();

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private IDbContextFactory<MoveCenterDbContext> DbFactory => Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();

    private static string? RowStatus(IRenderedComponent<MovesPage> page) =>
        page.Find("tr.move-row .move-status [data-status]").GetAttribute("data-status");
}
