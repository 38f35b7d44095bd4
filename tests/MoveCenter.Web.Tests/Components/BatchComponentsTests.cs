using Bunit;
using MoveCenter.Application.Batches;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Batches;

namespace MoveCenter.Web.Tests.Components;

public sealed class BatchComponentsTests : MudTestContext
{
    private static readonly BatchForecast NoPilot = new(1, null, null, [],
        "No forecast for 1 move yet. No finished move between SourcePO and DestPO yet, so there is no measured speed: move a few pilot users first.");

    [Fact]
    public void The_preview_lists_each_rejected_row_with_its_row_number_and_every_reason()
    {
        var result = new CreateBatchResult(null,
            [new AcceptedRow(2, "UserA", "SourcePO", "DestPO", 5, null, Guid.NewGuid())],
            [new RejectedRow(3, "NoSuchUser", ["There is no user 'NoSuchUser' in the directory."]), new RejectedRow(4, null, ["Name the user to move (userId).", "priority 'x' is not a whole number."])],
            NoPilot);

        var preview = Render<BatchPreview>(p => p.Add(c => c.Result, result));

        Assert.Contains("2 rows rejected", preview.Markup);
        var third = preview.Find(".rejected-row[data-row='3']");
        Assert.Contains("NoSuchUser", third.TextContent);
        Assert.Equal(2, preview.Find(".rejected-row[data-row='4']").QuerySelectorAll("td:last-child div").Length);
        var accepted = preview.Find(".accepted-row[data-row='2']");
        Assert.Contains("SourcePO → DestPO", accepted.TextContent);
        Assert.Contains("at once", accepted.TextContent);
        Assert.Contains("No finished move between SourcePO and DestPO yet", preview.Find(".batch-forecast").TextContent);
    }

    [Fact]
    public void A_preview_without_an_acceptable_row_says_there_is_nothing_to_create()
    {
        var preview = Render<BatchPreview>(p => p.Add(c => c.Result,
            new CreateBatchResult(null, [], [new RejectedRow(2, "Nobody", ["There is no user 'Nobody' in the directory."])], BatchForecast.Nothing)));

        Assert.Empty(preview.FindAll(".accepted-row"));
        Assert.Contains("nothing to create", preview.Find(".no-accepted-rows").TextContent);
    }

    [Fact]
    public void The_action_bar_offers_only_the_actions_that_fit_some_move_of_the_batch()
    {
        var counts = Enum.GetValues<MoveStatus>().ToDictionary(s => s, s => s is MoveStatus.Completed or MoveStatus.Stalled ? 1 : 0);

        var bar = Render<BatchActionBar>(p => p.Add(c => c.Counts, counts));

        bool Enabled(BatchAction action) => !bar.Find($"[data-action='{action}']").HasAttribute("disabled");
        Assert.True(Enabled(BatchAction.Suspend));
        Assert.False(Enabled(BatchAction.Resume));
        Assert.True(Enabled(BatchAction.Cancel));
        Assert.True(Enabled(BatchAction.RetryFailed));
        Assert.False(Enabled(BatchAction.Complete));
    }

    [Fact]
    public void Complete_synced_is_offered_once_a_move_of_the_batch_is_synced()
    {
        var counts = Enum.GetValues<MoveStatus>().ToDictionary(s => s, s => s is MoveStatus.Synced ? 2 : 0);

        var bar = Render<BatchActionBar>(p => p.Add(c => c.Counts, counts));

        Assert.False(bar.Find($"[data-action='{BatchAction.Complete}']").HasAttribute("disabled"));
        Assert.Equal("Complete synced", bar.Find($"[data-action='{BatchAction.Complete}']").TextContent.Trim());
    }

    [Fact]
    public void The_counts_show_only_statuses_some_move_has()
    {
        var counts = Enum.GetValues<MoveStatus>().ToDictionary(s => s, s => s == MoveStatus.Completed ? 3 : 0);

        var chips = Render<BatchCounts>(p => p.Add(c => c.Counts, counts));

        var chip = Assert.Single(chips.FindAll("[data-status]"));
        Assert.Equal(("Completed", "3"), (chip.GetAttribute("data-status"), chip.GetAttribute("data-count")));
    }
}
