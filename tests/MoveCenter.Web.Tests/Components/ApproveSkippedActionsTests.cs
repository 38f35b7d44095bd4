using Bunit;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Moves;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>Approve skipped items on one move's action bar and on a selection in the list: only for moves waiting for it, confirmed first.</summary>
public sealed class ApproveSkippedActionsTests : MudTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;

    public ApproveSkippedActionsTests()
    {
        RenderPopoverProvider();
        _dialogs = Render<MudDialogProvider>();
    }

    [Fact]
    public void The_bulk_approval_acts_only_on_the_selected_moves_that_wait_for_it_once_confirmed()
    {
        var waiting = Awaiting("UserA");
        var stalledOnAnItem = Moves.Summary("UserB", MoveStatus.Stalled);
        var running = Moves.Summary("UserC", MoveStatus.Running);
        var acted = new List<(MoveAction Action, IReadOnlyList<MoveSummary> Moves)>();
        var bar = Render<BulkMoveActions>(p => p.Add(c => c.Selected, [waiting, stalledOnAnItem, running])
            .Add(c => c.OnAction, ((MoveAction Action, IReadOnlyList<MoveSummary> Moves) request) => acted.Add(request)));
        Assert.Equal("Approve skipped items (1)", bar.Find("button[data-bulk-action=ApproveSkipped]").TextContent.Trim());

        bar.Find("button[data-bulk-action=ApproveSkipped]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains("The 4 items that the moves of UserA left behind stay NOT copied", _dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(acted);
        _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Approve skipped items: 1 move").Click();
        _dialogs.WaitForAssertion(() => Assert.Single(acted));
        Assert.Equal(MoveAction.ApproveSkipped, acted[0].Action);
        Assert.Equal([waiting.Id], acted[0].Moves.Select(m => m.Id));
    }

    [Fact]
    public void A_move_bar_offers_the_approval_only_while_the_move_waits_for_it()
    {
        var stalled = Render<MoveActions>(p => p.Add(c => c.Move, Moves.Summary(status: MoveStatus.Stalled)));
        var waiting = Render<MoveActions>(p => p.Add(c => c.Move, Awaiting("UserA")));

        Assert.Empty(stalled.FindAll("button[data-action=ApproveSkipped]"));
        Assert.False(waiting.Find("button[data-action=ApproveSkipped]").HasAttribute("disabled"));
    }

    private static MoveSummary Awaiting(string userId) =>
        Moves.Summary(userId, MoveStatus.Stalled, MovePhase.Purge) with { ItemsSkipped = 4, Grade = MoveGrade.Investigate, AwaitsApproval = true };
}
