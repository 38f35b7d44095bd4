using Bunit;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Moves;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The children of the move page: actions bar, pending items, inventory, throughput, phases, and the helpdesk card.</summary>
public sealed class MovePageComponentsTests : MudTestContext
{
    [Theory]
    [InlineData(MoveStatus.Stalled, new[] { "Retry", "Skip", "ForceComplete", "Cancel", "Suspend" })]
    [InlineData(MoveStatus.Running, new[] { "Cancel", "Suspend" })]
    [InlineData(MoveStatus.Queued, new[] { "Cancel", "Suspend" })]
    [InlineData(MoveStatus.Suspended, new[] { "Retry", "Skip", "ForceComplete", "Cancel", "Resume" })]
    [InlineData(MoveStatus.Failed, new[] { "Retry", "ForceComplete", "Clear" })]
    [InlineData(MoveStatus.Completed, new[] { "Clear" })]
    [InlineData(MoveStatus.Cancelled, new[] { "Clear" })]
    [InlineData(MoveStatus.Synced, new[] { "Retry", "Complete", "Cancel", "Suspend" })]
    public void The_actions_bar_enables_only_the_actions_legal_for_the_status(MoveStatus status, string[] enabled)
    {
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: status)));

        var buttons = bar.FindAll("button[data-action]");
        Assert.Equal(7, buttons.Count);
        var actual = buttons.Where(b => !b.HasAttribute("disabled")).Select(b => b.GetAttribute("data-action")!).Order();
        Assert.Equal(enabled.Order(), actual);
    }

    [Fact]
    public void The_actions_bar_shows_resume_instead_of_suspend_for_a_suspended_move()
    {
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Suspended)));

        Assert.Single(bar.FindAll("button[data-action=Resume]"));
        Assert.Empty(bar.FindAll("button[data-action=Suspend]"));
        Assert.Equal(["Retry", "Complete", "Skip", "Force Complete", "Cancel", "Resume", "Clear Status"], bar.FindAll("button[data-action]").Select(b => b.TextContent.Trim()));
    }

    [Fact]
    public void Force_complete_is_disabled_before_anything_was_copied()
    {
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Stalled, phase: MovePhase.Preflight)));

        Assert.True(bar.Find("button[data-action=ForceComplete]").HasAttribute("disabled"));
        Assert.False(bar.Find("button[data-action=Cancel]").HasAttribute("disabled"));
    }

    [Fact]
    public void Every_button_is_disabled_while_an_action_runs()
    {
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Stalled)).Add(c => c.Busy, true));

        Assert.All(bar.FindAll("button[data-action]"), b => Assert.True(b.HasAttribute("disabled")));
    }

    [Theory]
    [InlineData(MoveAction.Skip, "Skip", "recorded as skipped")]
    [InlineData(MoveAction.ForceComplete, "Force Complete", "will NOT be copied")]
    [InlineData(MoveAction.Cancel, "Cancel", "lives on SourcePO again")]
    public void A_data_losing_action_calls_back_only_after_it_is_confirmed(MoveAction action, string yes, string consequence)
    {
        var provider = Render<MudDialogProvider>();
        var requested = new List<MoveAction>();
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Stalled))
            .Add(c => c.OnAction, (MoveAction a) => requested.Add(a)));

        bar.Find($"button[data-action={action}]").Click();

        provider.WaitForAssertion(() => Assert.Single(provider.FindAll(".mud-dialog")));
        Assert.Contains(consequence, provider.Find(".mud-dialog").TextContent);
        Assert.Empty(requested);
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == yes).Click();
        provider.WaitForAssertion(() => Assert.Equal([action], requested));
    }

    [Fact]
    public void A_data_losing_action_that_is_not_confirmed_does_nothing()
    {
        var provider = Render<MudDialogProvider>();
        var requested = new List<MoveAction>();
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Stalled))
            .Add(c => c.OnAction, (MoveAction a) => requested.Add(a)));

        bar.Find("button[data-action=Skip]").Click();
        provider.WaitForAssertion(() => Assert.Single(provider.FindAll(".mud-dialog")));
        provider.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Keep the move as it is").Click();

        provider.WaitForAssertion(() => Assert.Empty(provider.FindAll(".mud-dialog")));
        Assert.Empty(requested);
    }

    [Fact]
    public void The_pending_items_table_shows_a_row_per_item_with_its_details()
    {
        RenderPopoverProvider();
        PendingItem[] items =
        [
            new(1, "Mail", "Inbox", "7", "Unreadable report", "boss@dom1.example", 2048, Moves.Now.AddDays(-2), "Failed", 3, "The item cannot be read."),
            new(2, "Mail", "Archive/2024", "8", null, "x@dom1.example", 10, null, "Pending", 0, null),
        ];
        TableState? asked = null;

        var table = Render<PendingItemsTable>(p => p.Add(c => c.LoadPage, (state, _) =>
        {
            asked = state;
            return Task.FromResult(new TableData<PendingItem> { Items = items, TotalItems = 120 });
        }));

        table.WaitForAssertion(() => Assert.Equal(2, table.FindAll("tr.pending-item").Count));
        var rows = table.FindAll("tr.pending-item");
        Assert.Contains("state-failed", rows[0].ClassList);
        Assert.Equal("Unreadable report", rows[0].QuerySelector(".item-subject")!.TextContent.Trim());
        Assert.Equal("boss@dom1.example", rows[0].QuerySelector(".item-sender")!.TextContent.Trim());
        Assert.Equal("The item cannot be read.", rows[0].QuerySelector(".item-error")!.TextContent.Trim());
        Assert.Contains("2.0 KB", rows[0].TextContent);
        Assert.Equal("Archive/2024", rows[1].QuerySelector(".item-folder")!.TextContent.Trim());
        Assert.Equal("(no subject)", rows[1].QuerySelector(".item-subject")!.TextContent.Trim());
        Assert.Equal(0, asked!.Page);
        Assert.Contains("120", table.Find(".mud-table-pagination").TextContent);
    }

    [Fact]
    public void The_info_button_of_a_pending_item_opens_its_details()
    {
        RenderPopoverProvider();
        var provider = Render<MudDialogProvider>();
        PendingItem item = new(1, "Mail", "Inbox", "7", "Unreadable report", "boss@dom1.example", 2048, null, "Failed", 3, "The item cannot be read.");
        var table = Render<PendingItemsTable>(p => p.Add(c => c.LoadPage,
            (_, _) => Task.FromResult(new TableData<PendingItem> { Items = [item], TotalItems = 1 })));
        table.WaitForAssertion(() => Assert.Single(table.FindAll("tr.pending-item")));

        table.Find("button.item-info").Click();

        provider.WaitForAssertion(() => Assert.Contains("The item cannot be read.", provider.Find(".pending-item-info").TextContent));
        Assert.Contains("2,048 bytes", provider.Find(".pending-item-info").TextContent);
    }

    [Fact]
    public void The_inventory_breakdown_shows_counts_and_sizes_by_kind_and_state()
    {
        InventoryCount[] inventory =
        [
            new("Folder", "Done", 3, 0),
            new("Mail", "Done", 57, 3 * 1024 * 1024),
            new("Mail", "Failed", 1, 1024),
            new("Mail", "Skipped", 2, 2048),
        ];

        var breakdown = Render<InventoryBreakdown>(p => p.Add(c => c.Inventory, inventory));

        Assert.Equal(["Kind", "Done", "Failed", "Skipped", "Total"], breakdown.FindAll("thead th").Select(th => th.TextContent.Trim()));
        var mail = breakdown.Find("tr[data-kind=Mail]");
        Assert.Equal("57 · 3.0 MB", mail.QuerySelector("[data-state=Done]")!.TextContent.Trim());
        Assert.Equal("1 · 1.0 KB", mail.QuerySelector("[data-state=Failed]")!.TextContent.Trim());
        Assert.Equal("60 · 3.0 MB", mail.QuerySelector("[data-state=Total]")!.TextContent.Trim());
        Assert.Equal("—", breakdown.Find("tr[data-kind=Folder] [data-state=Failed]").TextContent.Trim());
    }

    [Fact]
    public void The_throughput_chart_plots_megabytes_per_second_between_samples()
    {
        ProgressPoint[] samples =
        [
            new(Moves.Now, 0, 0),
            new(Moves.Now.AddSeconds(10), 10, 10 * 1024 * 1024),
            new(Moves.Now.AddSeconds(20), 30, 30 * 1024 * 1024),
            new(Moves.Now.AddSeconds(30), 35, 35 * 1024 * 1024),
        ];

        var chart = Render<ThroughputChart>(p => p.Add(c => c.Progress, samples));

        Assert.Equal([1d, 2d, 0.5d], ThroughputChart.RatesOf(samples).Select(r => r.MegabytesPerSecond));
        Assert.Equal("3", chart.Find(".throughput-chart").GetAttribute("data-points"));
        Assert.Contains("0.50 MB/s", chart.Find(".throughput-chart").GetAttribute("aria-label"));
        Assert.NotEmpty(chart.FindAll(".throughput-chart svg path"));
    }

    [Fact]
    public void The_throughput_chart_says_so_when_there_are_too_few_samples()
    {
        var chart = Render<ThroughputChart>(p => p.Add(c => c.Progress, [new ProgressPoint(Moves.Now, 0, 0)]));

        Assert.Empty(chart.FindAll(".throughput-chart"));
        Assert.Contains("No throughput yet", chart.Markup);
    }

    [Fact]
    public void A_missing_time_is_a_dash_and_not_a_bare_utc()
    {
        Assert.Equal("—", Format.Time(null));
        Assert.Equal("2025-03-04 10:00:00 UTC", Format.Time(Moves.Now));
    }

    [Fact]
    public void The_phase_timeline_shows_when_each_phase_started_and_completed()
    {
        MoveHistoryEntry[] history =
        [
            new(1, Moves.Now.AddMinutes(-10), MoveEventKind.PhaseStarted, "Preflight started.", "system"),
            new(2, Moves.Now.AddMinutes(-9), MoveEventKind.PhaseCompleted, "Preflight completed. Both post offices answer.", "system"),
            new(3, Moves.Now.AddMinutes(-9), MoveEventKind.PhaseStarted, "Admin rename started.", "system"),
        ];

        var timeline = Render<PhaseTimeline>(p => p.Add(c => c.Move, Moves.Summary(phase: MovePhase.AdminRename)).Add(c => c.History, history));

        var preflight = timeline.Find("tr[data-phase=Preflight]");
        Assert.Contains("2025-03-04 09:50:00 UTC", preflight.TextContent);
        Assert.Contains("2025-03-04 09:51:00 UTC", preflight.TextContent);
        Assert.Contains("about 1 minute", preflight.TextContent);
        Assert.DoesNotContain("1 minutes", preflight.TextContent);
        Assert.Contains("phase-current", timeline.Find("tr[data-phase=AdminRename]").ClassList);
        Assert.Equal(6, timeline.FindAll("tr[data-phase]").Count);
    }

    [Fact]
    public void The_phase_timeline_of_a_copy_first_move_has_its_incremental_syncs_before_its_admin_rename()
    {
        var timeline = Render<PhaseTimeline>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Synced, phase: MovePhase.IncrementalSync))
            .Add(c => c.History, []).Add(c => c.Mode, MoveMode.CopyFirst));

        Assert.Equal(["Preflight", "Inventory", "ItemRequest", "IncrementalSync", "AdminRename", "FinalSync", "Purge"],
            timeline.FindAll("tr[data-phase]").Select(r => r.GetAttribute("data-phase")));
        Assert.Contains("phase-current", timeline.Find("tr[data-phase=IncrementalSync]").ClassList);
    }

    [Fact]
    public void The_helpdesk_card_shows_plain_words_and_never_an_item()
    {
        var move = Moves.Summary(status: MoveStatus.Stalled) with { ItemsSkipped = 1, WaitReason = "Item 7 \"Salary review\" from boss@dom1.example cannot be read." };
        MoveHistoryEntry[] history =
        [
            new(1, Moves.Now.AddMinutes(-10), MoveEventKind.Queued, "Move of UserA queued.", "admin"),
            new(2, Moves.Now.AddMinutes(-9), MoveEventKind.PhaseStarted, "Item request started.", "system"),
            new(3, Moves.Now.AddMinutes(-8), MoveEventKind.ItemFailed, "Item \"Salary review\" from boss@dom1.example failed.", "system"),
            new(4, Moves.Now.AddMinutes(-7), MoveEventKind.Stalled, "\"Salary review\" cannot be read.", "system"),
            new(5, Moves.Now.AddMinutes(-6), MoveEventKind.ItemSkipped, "Skipped item 7 \"Salary review\" in Inbox.", "admin2"),
            new(6, Moves.Now.AddMinutes(-5), MoveEventKind.AdminAction, "Retry requested while Stalled; Item request runs again now.", "admin2"),
        ];

        var card = Render<MoveLookupCard>(p => p.Add(c => c.Move, move).Add(c => c.History, history));

        Assert.Contains(MovePlainWords.Describe(move), card.Find(".plain-words").TextContent);
        Assert.Contains("1 item could not be moved and was skipped", card.Find(".skipped").TextContent);
        Assert.Contains("2025-03-04 09:51:00 UTC", card.Find(".started-at").TextContent);
        Assert.Equal(["Queued", "PhaseStarted", "Stalled", "ItemSkipped", "AdminAction"], card.FindAll(".lookup-history li").Select(li => li.GetAttribute("data-kind")));
        Assert.Contains("admin2: Retry requested while Stalled", card.Markup);
        Assert.Contains("admin2 skipped an item that could not be moved", card.Markup);
        Assert.DoesNotContain("Salary review", card.Markup);
        Assert.DoesNotContain("boss@", card.Markup);
        Assert.Empty(card.FindAll("button"));
    }
}
