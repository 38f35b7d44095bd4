using Bunit;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Moves;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The Retry dialog with the utility's choices, on one move's action bar and on a selection of moves.</summary>
public sealed class RetryChoicesTests : MudTestContext
{
    private readonly IRenderedComponent<MudDialogProvider> _dialogs;
    private readonly List<MoveAction> _requested = [];

    public RetryChoicesTests()
    {
        RenderPopoverProvider();
        _dialogs = Render<MudDialogProvider>();
    }

    [Fact]
    public void Retry_offers_the_four_choices_and_enables_only_those_that_apply_to_a_stalled_move()
    {
        OpenRetry(Moves.Summary(status: MoveStatus.Stalled));

        var choices = _dialogs.FindAll(".retry-choice");
        Assert.Equal(["Retry", "Skip", "StopDeferredRetries", "RestartEntireMove"], choices.Select(c => c.GetAttribute("data-choice")));
        Assert.Equal(["Retry the last step now", "Skip the current item and retry", "Stop deferred retries", "Restart the entire move"],
            choices.Select(c => c.QuerySelector("label")!.TextContent.Trim()));
        Assert.Equal(["StopDeferredRetries"], DisabledChoices());
    }

    [Theory]
    [InlineData(RetryCause.NoServer, true)]
    [InlineData(RetryCause.Deferred, true)]
    [InlineData(RetryCause.TryLater, false)]
    public void Stop_deferred_retries_applies_only_to_a_move_waiting_for_a_post_office_that_did_not_answer(RetryCause cause, bool applies)
    {
        OpenRetry(Moves.Summary(status: MoveStatus.Waiting, retryCause: cause));

        Assert.Equal(!applies, DisabledChoices().Contains("StopDeferredRetries"));
    }

    [Fact]
    public void Retry_the_last_step_now_calls_back_without_a_further_confirmation()
    {
        OpenRetry(Moves.Summary(status: MoveStatus.Stalled));

        Choose(MoveAction.Retry);

        _dialogs.WaitForAssertion(() => Assert.Equal([MoveAction.Retry], _requested));
        Assert.Empty(_dialogs.FindAll(".mud-dialog"));
    }

    [Fact]
    public void Stop_deferred_retries_calls_back_without_a_further_confirmation()
    {
        OpenRetry(Moves.Summary(status: MoveStatus.Waiting, retryCause: RetryCause.Deferred));

        Choose(MoveAction.StopDeferredRetries);

        _dialogs.WaitForAssertion(() => Assert.Equal([MoveAction.StopDeferredRetries], _requested));
    }

    [Fact]
    public void Restart_the_entire_move_says_what_is_not_sent_again_and_calls_back_only_once_confirmed()
    {
        var move = Moves.Summary(status: MoveStatus.Stalled, itemsMoved: 1) with { ItemsSkipped = 2 };
        OpenRetry(move);

        Choose(MoveAction.RestartEntireMove);

        _dialogs.WaitForAssertion(() => Assert.Contains("Restart the entire move of UserA?", _dialogs.Find(".mud-dialog").TextContent));
        var text = _dialogs.Find(".mud-dialog").TextContent;
        Assert.Contains("Nothing already at DestPO is sent again (1 item so far)", text);
        Assert.Contains("items skipped so far (2) are tried again", text);
        Assert.Empty(_requested);
        _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Restart the entire move").Click();
        _dialogs.WaitForAssertion(() => Assert.Equal([MoveAction.RestartEntireMove], _requested));
    }

    [Fact]
    public void Cancelling_the_choice_does_nothing()
    {
        OpenRetry(Moves.Summary(status: MoveStatus.Stalled));

        _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Cancel").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")));
        Assert.Empty(_requested);
    }

    [Fact]
    public void Retry_on_a_selection_counts_the_moves_each_choice_applies_to_and_acts_on_those_only()
    {
        var stalled = Moves.Summary("UserA", MoveStatus.Stalled);
        var waiting = Moves.Summary("UserB", MoveStatus.Waiting, retryCause: RetryCause.NoServer);
        var running = Moves.Summary("UserC", MoveStatus.Running);
        var acted = new List<(MoveAction Action, IReadOnlyList<MoveSummary> Moves)>();
        var bar = Render<BulkMoveActions>(p => p.Add(c => c.Selected, [stalled, waiting, running])
            .Add(c => c.OnAction, ((MoveAction Action, IReadOnlyList<MoveSummary> Moves) request) => acted.Add(request)));
        Assert.Equal("Retry (2)", Text(bar.Find("button[data-bulk-action=Retry]")));

        bar.Find("button[data-bulk-action=Retry]").Click();

        _dialogs.WaitForAssertion(() => Assert.Equal(4, _dialogs.FindAll(".retry-choice").Count));
        Assert.Contains("Stop deferred retries (1 of 2 moves)", Text(_dialogs.Find(".retry-choice[data-choice=StopDeferredRetries]")));
        Assert.Contains("Retry the last step now (2 of 2 moves)", Text(_dialogs.Find(".retry-choice[data-choice=Retry]")));
        Choose(MoveAction.StopDeferredRetries);
        _dialogs.WaitForAssertion(() => Assert.Single(acted));
        Assert.Equal(MoveAction.StopDeferredRetries, acted[0].Action);
        Assert.Equal([waiting.Id], acted[0].Moves.Select(m => m.Id));
    }

    [Theory]
    [InlineData(MoveAction.Skip, "the first pending item (the one holding each move) will be dropped")]
    [InlineData(MoveAction.ForceComplete, "The 18 items of UserA, UserB not yet at their target")]
    public void Skip_and_Force_Complete_act_on_a_selection_once_confirmed(MoveAction action, string consequence)
    {
        var first = Moves.Summary("UserA", MoveStatus.Stalled);
        var second = Moves.Summary("UserB", MoveStatus.Suspended, itemsMoved: 3);
        var running = Moves.Summary("UserC", MoveStatus.Running);
        var acted = new List<(MoveAction Action, IReadOnlyList<MoveSummary> Moves)>();
        var bar = Render<BulkMoveActions>(p => p.Add(c => c.Selected, [first, second, running])
            .Add(c => c.OnAction, ((MoveAction Action, IReadOnlyList<MoveSummary> Moves) request) => acted.Add(request)));

        bar.Find($"button[data-bulk-action={action}]").Click();

        _dialogs.WaitForAssertion(() => Assert.Contains(consequence, _dialogs.Find(".mud-dialog").TextContent));
        Assert.Empty(acted);
        _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == $"{MoveActionRules.Label(action)}: 2 moves").Click();
        _dialogs.WaitForAssertion(() => Assert.Single(acted));
        Assert.Equal(action, acted[0].Action);
        Assert.Equal([first.Id, second.Id], acted[0].Moves.Select(m => m.Id));
    }

    [Fact]
    public void Skip_of_a_selection_that_is_not_confirmed_does_nothing()
    {
        var acted = new List<(MoveAction Action, IReadOnlyList<MoveSummary> Moves)>();
        var bar = Render<BulkMoveActions>(p => p.Add(c => c.Selected, [Moves.Summary(status: MoveStatus.Stalled)])
            .Add(c => c.OnAction, ((MoveAction Action, IReadOnlyList<MoveSummary> Moves) request) => acted.Add(request)));

        bar.Find("button[data-bulk-action=Skip]").Click();
        _dialogs.WaitForAssertion(() => Assert.Single(_dialogs.FindAll(".mud-dialog")));
        _dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Keep them").Click();

        _dialogs.WaitForAssertion(() => Assert.Empty(_dialogs.FindAll(".mud-dialog")));
        Assert.Empty(acted);
    }

    private void OpenRetry(MoveSummary move)
    {
        var bar = Render<MoveActions>(p => p.Add(c => c.Move, move).Add(c => c.OnAction, (MoveAction a) => _requested.Add(a)));
        bar.Find("button[data-action=Retry]").Click();
        _dialogs.WaitForAssertion(() => Assert.Equal(4, _dialogs.FindAll(".retry-choice").Count));
    }

    private List<string> DisabledChoices() =>
        _dialogs.FindAll(".retry-choice").Where(c => c.QuerySelector("input")!.HasAttribute("disabled")).Select(c => c.GetAttribute("data-choice")!).ToList();

    private void Choose(MoveAction choice)
    {
        _dialogs.Find($".retry-choice[data-choice={choice}] input").Click();
        _dialogs.Find("#retry-choice-submit").Click();
    }

    private static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
