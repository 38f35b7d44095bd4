using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Pages;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Batches list and a batch's page over a real SQLite database: one batch of two queued moves.</summary>
public sealed class BatchPagesTests : DatabasePageContext
{
    private Guid _batchId;

    public BatchPagesTests()
    {
        Services.AddMoveHandlers();
        Services.AddSingleton<MoveUpdates>();
    }

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await using var db = await DbAsync();
        var source = PostOffice.Maildir("SourcePO", "dom1", Path.Combine(Folder, "SourcePO"));
        var target = PostOffice.Maildir("DestPO", "dom1", Path.Combine(Folder, "DestPO"));
        db.PostOffices.AddRange(source, target);
        await db.SaveChangesAsync(Ct);
        var batch = Batch.Create(Guid.NewGuid(), "Night 1", null, "admin", DateTime.UtcNow);
        db.Batches.Add(batch);
        foreach (var user in new[] { "UserA", "UserB" })
        {
            db.DirectoryUsers.Add(new DirectoryUser(user, source.Id, $"Demo {user}", $"{user.ToLowerInvariant()}@dom1.example"));
            db.Moves.Add(Move.Queue(Guid.NewGuid(), user, source.Id, target.Id, new MoveOptions(), null, "admin", DateTime.UtcNow, batchId: batch.Id));
        }
        await db.SaveChangesAsync(Ct);
        _batchId = batch.Id;
    }

    [Fact]
    public void The_list_shows_each_batch_with_its_moves_by_status_and_no_estimate_before_anything_is_measured()
    {
        Authorization.SetAuthorized("helpdesk1").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<BatchesPage>();

        page.WaitForAssertion(() => Assert.Equal(_batchId.ToString(), page.Find(".batch-row").GetAttribute("data-batch-id")));
        Assert.Contains("Night 1", page.Find(".batch-row").TextContent);
        var queued = page.Find(".batch-counts [data-status=Queued]");
        Assert.Equal("2", queued.GetAttribute("data-count"));
        Assert.Equal("Not measured yet", page.Find(".batch-eta").TextContent.Trim());
        Assert.Empty(page.FindAll("#new-batch"));
    }

    [Fact]
    public void A_helpdesk_member_sees_the_batch_and_its_moves_but_no_actions()
    {
        Authorization.SetAuthorized("helpdesk1").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<BatchPage>(p => p.Add(c => c.Id, _batchId));

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.move-row").Count));
        Assert.Equal("Queued", page.Find(".batch-status").GetAttribute("data-status"));
        Assert.Empty(page.FindAll(".batch-actions"));
        Assert.Equal($"/batches/{_batchId}/report?format=csv", page.Find("#report-csv").GetAttribute("href"));
    }

    [Fact]
    public async Task An_admin_suspends_the_whole_batch_from_its_page_as_the_signed_in_admin()
    {
        Authorization.SetAuthorized("admin7").SetRoles(Roles.Admin).SetPolicies(Policies.Admin, Policies.ReadMoves);
        RenderPopoverProvider();
        Render<MudSnackbarProvider>();
        var page = Render<BatchPage>(p => p.Add(c => c.Id, _batchId));
        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.move-row").Count));

        page.Find("button[data-action=Suspend]").Click();

        page.WaitForAssertion(() => Assert.All(page.FindAll("tr.move-row .move-status [data-status]"),
            status => Assert.Equal("Suspended", status.GetAttribute("data-status"))));
        Assert.False(page.Find("button[data-action=Resume]").HasAttribute("disabled"));
        await using var db = await DbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == "batch.suspend", Ct);
        Assert.Equal(("admin7", "2 moves of 2 reached"), (entry.Actor, entry.Details));
    }
}
