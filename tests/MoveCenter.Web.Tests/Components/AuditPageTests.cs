using Bunit;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Persistence;
using MoveCenter.Web.Components.Pages;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Audit page (/admin/audit) over a real SQLite database.</summary>
public sealed class AuditPageTests : MudTestContext, IAsyncLifetime
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "movecenter-page-tests", Guid.NewGuid().ToString("N"));

    public AuditPageTests()
    {
        Services.AddMoveCenterPersistence(DatabaseSettings.Sqlite(Path.Combine(_folder, "movecenter.db")));
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<AuditTrail>();
        Services.AddSingleton<ListAuditEntriesHandler>();
        AddAuthorization().SetAuthorized("admin").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
    }

    public async ValueTask InitializeAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(Ct);
        await db.MigrateMoveCenterDatabaseAsync(Ct);
        var audit = Services.GetRequiredService<AuditTrail>();
        audit.Record(db, "ann", AuditActions.ApiKeyCreate, "nightly", "Role Helpdesk");
        audit.Record(db, "bob", AuditActions.PostOfficeAdd, "NewPO", "maildir post office of dom1 at /srv/mail");
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void The_page_lists_entries_newest_first_and_filters_the_table_and_the_export_alike()
    {
        RenderPopoverProvider();
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal([AuditActions.PostOfficeAdd, AuditActions.ApiKeyCreate], Actions(page)));

        page.Find("#audit-actor").Change("ann");
        page.Find("#audit-apply").Click();

        page.WaitForAssertion(() => Assert.Equal([AuditActions.ApiKeyCreate], Actions(page)));
        Assert.Equal("/admin/audit.csv?actor=ann", page.Find("#audit-export").GetAttribute("href"));
    }

    public new async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }

    private static List<string> Actions(IRenderedComponent<AuditPage> page) =>
        page.FindAll(".audit-entries tbody tr .audit-action").Select(cell => cell.TextContent.Trim()).ToList();
}
