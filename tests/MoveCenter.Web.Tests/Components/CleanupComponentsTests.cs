using Bunit;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Moves;

namespace MoveCenter.Web.Tests.Components;

/// <summary>Pending cleanups as the move page and the list show them.</summary>
public sealed class CleanupComponentsTests : MudTestContext
{
    [Fact]
    public void The_notice_of_a_pending_cleanup_says_what_failed_and_when_it_is_tried_next()
    {
        var notice = Render<SourceCleanupNotice>(p => p.Add(c => c.Cleanup, View(CleanupState.Pending)).Add(c => c.CanRetry, true));

        Assert.Equal("Pending", notice.Find(".source-cleanup").GetAttribute("data-cleanup-state"));
        Assert.Contains("Cleanup pending: the old mailbox on SourcePO could not be removed yet (Access to the path is denied; attempt 2)", notice.Markup);
        Assert.Contains("Next try 2025-03-04 11:00:00 UTC", notice.Markup);
    }

    [Fact]
    public void The_notice_shows_no_retry_to_a_reader_and_nothing_for_a_move_without_a_cleanup()
    {
        var reader = Render<SourceCleanupNotice>(p => p.Add(c => c.Cleanup, View(CleanupState.NeedsAdmin)).Add(c => c.CanRetry, false));
        var none = Render<SourceCleanupNotice>(p => p.Add(c => c.Cleanup, null));

        Assert.Contains("Cleanup failed, needs an admin", reader.Markup);
        Assert.Empty(reader.FindAll(".retry-cleanup"));
        Assert.Empty(none.FindAll(".source-cleanup"));
    }

    [Fact]
    public void The_list_indicator_counts_pending_cleanups_and_those_needing_an_admin_and_links_each_move()
    {
        SourceCleanupView[] cleanups = [View(CleanupState.NeedsAdmin), View(CleanupState.Pending), View(CleanupState.Pending)];

        var indicator = Render<PendingCleanups>(p => p.Add(c => c.Cleanups, cleanups));

        var box = indicator.Find(".pending-cleanups");
        Assert.Equal(("2", "1"), (box.GetAttribute("data-pending"), box.GetAttribute("data-needs-admin")));
        Assert.Equal("Cleanup pending for 2 old mailboxes; Cleanup failed, needs an admin for 1 old mailboxes.",
            indicator.Find(".pending-cleanups-summary").TextContent.Trim());
        Assert.Equal($"/moves/{cleanups[0].MoveId}", indicator.Find("li a").GetAttribute("href"));
        Assert.Empty(Render<PendingCleanups>(p => p.Add(c => c.Cleanups, [])).FindAll(".pending-cleanups"));
    }

    private static SourceCleanupView View(CleanupState state) => new(
        1, Guid.NewGuid(), "UserA", "SourcePO", state, 2, "Access to the path is denied", Moves.Now, Moves.Now,
        state == CleanupState.Pending ? Moves.Now.AddHours(1) : null, Moves.Now.AddDays(1), null, null);
}
