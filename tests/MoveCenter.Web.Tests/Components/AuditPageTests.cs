using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Web.Components.Pages;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Audit page (/admin/audit) over a real SQLite database.</summary>
public sealed class AuditPageTests : DatabasePageContext
{
    public AuditPageTests() => Services.AddSingleton<ListAuditEntriesHandler>();

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await DbAsync();
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

    private static List<string> Actions(IRenderedComponent<AuditPage> page) =>
        page.FindAll(".audit-entries tbody tr .audit-action").Select(cell => cell.TextContent.Trim()).ToList();
}
