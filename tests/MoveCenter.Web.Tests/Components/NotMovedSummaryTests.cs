using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;
using MovePage = MoveCenter.Web.Components.Pages.MovePage;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The move page of a move graded Investigate, over a real SQLite database: what was not moved, categories first.</summary>
public sealed class NotMovedSummaryTests : DatabasePageContext
{
    private const string RefusedSubject = "Quarterly figures (confidential)";
    private Guid _moveId;

    public NotMovedSummaryTests()
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
        db.DirectoryUsers.Add(new DirectoryUser("UserA", source.Id, "Demo User A", "usera@dom1.example"));
        var now = DateTime.UtcNow;
        var move = Move.Queue(Guid.NewGuid(), "UserA", source.Id, target.Id, new MoveOptions(), null, "admin", now);
        move.BeginWork(now);
        while (move.Phase != MovePhase.Purge) move.CompletePhase(now, "");
        var leftBehind = new LeftBehind(3, 400L * 1024 * 1024, 0);
        move.GradeBeforePurge(MoveGrade.Investigate, leftBehind, now);
        move.AwaitApproval(3, "Graded Investigate: 3 items left behind.", now);
        db.Moves.Add(move);
        await db.SaveChangesAsync(Ct);
        _moveId = move.Id;

        var items = new[]
        {
            Item(1, "Archive", "scan one", 170L * 1024 * 1024),
            Item(2, "Archive", "scan two", 183L * 1024 * 1024),
            Item(3, "", RefusedSubject, 30_000),
        };
        items[0].Skip("MoveCenter (large item limit)", NotMovedCategory.TooLarge, "too large", now);
        items[1].Skip("MoveCenter (large item limit)", NotMovedCategory.TooLarge, "too large", now);
        items[2].RecordFailure("the server refused the message: No [LIMIT] Mail size is larger than the maximum size", NotMovedCategory.RefusedByTarget, 1, now);
        items[2].SkipByAdmin("admin", "Skipped by admin", now);
        db.InventoryItems.AddRange(items);
        await db.SaveChangesAsync(Ct);
    }

    [Fact]
    public void An_admin_sees_the_categories_with_counts_and_fixes_before_the_items_and_the_approve_button()
    {
        RenderPopoverProvider();

        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".not-moved-items tbody tr.not-moved-item").Count));
        var section = page.Find(".not-moved");
        Assert.Contains("Not moved: 3 items", section.QuerySelector(".not-moved-title")!.TextContent);
        var categories = section.QuerySelectorAll(".not-moved-categories tbody tr");
        Assert.Equal(["TooLarge", "RefusedByTarget"], categories.Select(r => r.GetAttribute("data-category")));
        Assert.Equal(["2", "1"], categories.Select(r => r.QuerySelector(".category-count")!.TextContent));
        Assert.Equal(
            "too large for the limit of 150 MB: raise `MoveCenter:Engine:LargeItemLimit` to 199229440 (190 MB) and Restart the entire move, or move it by hand",
            categories[0].QuerySelector(".category-fix")!.TextContent);
        // Categories first: the summary stands before the table of items in the page.
        Assert.True(section.InnerHtml.IndexOf("not-moved-categories", StringComparison.Ordinal) < section.InnerHtml.IndexOf("not-moved-items", StringComparison.Ordinal));
        Assert.Contains(RefusedSubject, section.TextContent);
        Assert.Contains("No [LIMIT] Mail size is larger", section.TextContent);
        Assert.Equal("Investigate", page.Find(".move-grade").GetAttribute("data-grade"));
        Assert.False(page.Find("button[data-action=ApproveSkipped]").HasAttribute("disabled"));
    }

    [Fact]
    public void A_helpdesk_member_sees_the_categories_and_fixes_but_no_subject_folder_or_server_words()
    {
        Authorization.SetAuthorized("helpdesk1").SetRoles(Roles.Helpdesk).SetPolicies(Policies.ReadMoves);
        RenderPopoverProvider();

        var page = Render<MovePage>(p => p.Add(c => c.Id, _moveId));

        page.WaitForAssertion(() => Assert.Equal(3, page.FindAll(".not-moved-items tbody tr.not-moved-item").Count));
        Assert.Equal(2, page.FindAll(".not-moved-categories tbody tr").Count);
        Assert.DoesNotContain(RefusedSubject, page.Markup);
        Assert.DoesNotContain("scan one", page.Markup);
        Assert.DoesNotContain("No [LIMIT]", page.Markup);
        Assert.Empty(page.FindAll("button[data-action=ApproveSkipped]"));
    }

    private InventoryItem Item(long sequence, string folder, string subject, long size) =>
        new(_moveId, sequence, InventoryKind.Message, folder, $"key-{sequence}", size) { Subject = subject, InternalDate = new DateTime(2024, 1, (int)sequence, 0, 0, 0, DateTimeKind.Utc) };
}
