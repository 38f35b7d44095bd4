using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Components.Moves;

public enum MoveAction
{
    /// <summary>Retry the last step now.</summary>
    Retry,
    /// <summary>Skip the current item and retry.</summary>
    Skip,
    StopDeferredRetries,
    RestartEntireMove,
    ForceComplete,
    /// <summary>Cut a synced copy-first move over now.</summary>
    Complete,
    Cancel,
    Suspend,
    Resume,
    Clear,
    /// <summary>Approve what a move graded Investigate left behind, so that it purges and completes.</summary>
    ApproveSkipped,
}

/// <summary>
/// Which actions make sense for a move as it stands, mirroring the domain's rules (MoveStatusTransitions and
/// Move.AdminActions), and what the ones that drop data will do, in words shown before they are confirmed.
/// </summary>
public static class MoveActionRules
{
    /// <summary>The buttons of an action bar; Retry opens the choices of <see cref="RetryChoices"/>.</summary>
    public static readonly MoveAction[] BarActions =
        [MoveAction.ApproveSkipped, MoveAction.Retry, MoveAction.Complete, MoveAction.Skip, MoveAction.ForceComplete, MoveAction.Cancel, MoveAction.Suspend, MoveAction.Resume, MoveAction.Clear];

    /// <summary>The choices of the Retry dialog, as in the Move User Status utility.</summary>
    public static readonly MoveAction[] RetryChoices =
        [MoveAction.Retry, MoveAction.Skip, MoveAction.StopDeferredRetries, MoveAction.RestartEntireMove];

    public static bool IsEnabled(MoveAction action, MoveSummary move) => action switch
    {
        // A synced move's retry runs its incremental sync now.
        MoveAction.Retry => move.Status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Failed or MoveStatus.Synced,
        MoveAction.Complete => move.Status == MoveStatus.Synced,
        MoveAction.Skip => move.Status is MoveStatus.Stalled or MoveStatus.Waiting or MoveStatus.Suspended && move.ItemsRemaining > 0,
        MoveAction.StopDeferredRetries => (move.Status == MoveStatus.Waiting && move.RetryCause is RetryCause.NoServer or RetryCause.Deferred)
            || (move.Status == MoveStatus.Stalled && move.RetryCause == RetryCause.Deferred && move.NotBefore is not null),
        MoveAction.RestartEntireMove => move.Status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Suspended or MoveStatus.Failed,
        MoveAction.ForceComplete => move.Status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Suspended or MoveStatus.Failed
            && move.Phase is >= MovePhase.ItemRequest and < MovePhase.Finished,
        MoveAction.Cancel => !move.Status.IsTerminal() && move.Phase != MovePhase.Purge,
        MoveAction.Suspend => move.Status is MoveStatus.Queued or MoveStatus.Running or MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Synced,
        MoveAction.Resume => move.Status == MoveStatus.Suspended,
        MoveAction.Clear => move.Status.IsTerminal(),
        MoveAction.ApproveSkipped => move.AwaitsApproval,
        _ => false,
    };

    /// <summary>Whether the Retry button of a bar is enabled: one of its choices applies.</summary>
    public static bool CanRetry(MoveSummary move) => RetryChoices.Any(choice => IsEnabled(choice, move));

    /// <summary>The actions that lose data, stop a move for good or throw its inventory away, and so are confirmed first.</summary>
    public static bool NeedsConfirmation(MoveAction action) =>
        action is MoveAction.Skip or MoveAction.ForceComplete or MoveAction.Cancel or MoveAction.RestartEntireMove or MoveAction.ApproveSkipped;

    public static string Label(MoveAction action) => action switch
    {
        MoveAction.StopDeferredRetries => "Stop deferred retries",
        MoveAction.RestartEntireMove => "Restart the entire move",
        MoveAction.ForceComplete => "Force Complete",
        MoveAction.Clear => "Clear Status",
        MoveAction.ApproveSkipped => "Approve skipped items",
        _ => action.ToString(),
    };

    /// <summary>How a choice of the Retry dialog reads.</summary>
    public static string ChoiceLabel(MoveAction action) => action switch
    {
        MoveAction.Retry => "Retry the last step now",
        MoveAction.Skip => "Skip the current item and retry",
        _ => Label(action),
    };

    /// <summary>Exactly what the action will do to this move, for the confirmation.</summary>
    public static string Consequence(MoveAction action, MoveSummary move) => action switch
    {
        MoveAction.Skip =>
            $"The first pending item of {move.UserId} (the one holding the move) will be dropped: it is NOT copied to {move.TargetPostOffice} "
            + "and is recorded as skipped by you. The move then runs again.",
        MoveAction.ForceComplete =>
            $"The {Format.Count(move.ItemsRemaining, "item")} of {move.UserId} not yet at {move.TargetPostOffice} ({Format.Bytes(Math.Max(0, move.BytesTotal - move.BytesMoved))}) "
            + $"will be recorded as skipped and will NOT be copied. The move then purges the source on {move.SourcePostOffice} and completes.",
        MoveAction.Cancel => move.Phase.ChangedAnything() || move.Phase == MovePhase.AdminRename
            ? $"The move of {move.UserId} stops for good. {move.UserId} lives on {move.SourcePostOffice} again, which still holds everything; "
              + $"what was already copied ({Format.Count(move.ItemsMoved, "item")}) stays at {move.TargetPostOffice}."
            : $"The move of {move.UserId} is withdrawn before anything changed; the mailbox stays on {move.SourcePostOffice}.",
        MoveAction.RestartEntireMove =>
            $"The move of {move.UserId} runs again from Preflight with a fresh inventory of {move.SourcePostOffice}. "
            + $"Nothing already at {move.TargetPostOffice} is sent again ({Format.Count(move.ItemsMoved, "item")} so far)"
            + (move.ItemsSkipped > 0 ? $"; items skipped so far ({Format.Count(move.ItemsSkipped)}) are tried again" : "")
            + ". Its counters start afresh.",
        MoveAction.StopDeferredRetries =>
            $"The move of {move.UserId} stops retrying by itself and waits for an administrator; the wait reason names you.",
        MoveAction.Retry => $"The {move.Phase.DisplayName()} step runs again now; items that failed get fresh attempts.",
        MoveAction.Complete => $"{move.UserId} moves to {move.TargetPostOffice} now: admin rename, a last incremental sync, then the source is purged.",
        MoveAction.Suspend => "The move is held; nothing runs until Resume.",
        MoveAction.Resume => "The move is queued again.",
        MoveAction.Clear => "The move is removed from the list; its history stays.",
        MoveAction.ApproveSkipped =>
            $"The {Format.Count(move.ItemsSkipped, "item")} of {move.UserId} left behind stay NOT copied to {move.TargetPostOffice}. "
            + $"The move then does what its purge mode says with the source on {move.SourcePostOffice} and completes.",
        _ => "",
    };

    /// <summary>What a data-losing action will do to several moves at once, for the confirmation.</summary>
    public static string Consequence(MoveAction action, IReadOnlyCollection<MoveSummary> moves)
    {
        var users = string.Join(", ", moves.Select(m => m.UserId));
        return action switch
        {
            MoveAction.Skip =>
                $"In the moves of {users}, the first pending item (the one holding each move) will be dropped: it is NOT copied and is recorded as "
                + "skipped by you. The moves then run again.",
            MoveAction.ForceComplete =>
                $"The {Format.Count(moves.Sum(m => (long)m.ItemsRemaining), "item")} of {users} not yet at their target "
                + $"({Format.Bytes(moves.Sum(m => Math.Max(0, m.BytesTotal - m.BytesMoved)))}) will be recorded as skipped and will NOT be copied. "
                + "The moves then purge their sources and complete.",
            MoveAction.Cancel =>
                $"The moves of {users} stop for good. Those past admin rename live on their source post office again; items already copied stay at the target.",
            MoveAction.RestartEntireMove =>
                $"The moves of {users} run again from Preflight with a fresh inventory. Items already at a target are NOT sent again; skipped items are tried again.",
            MoveAction.ApproveSkipped =>
                $"The {Format.Count(moves.Sum(m => (long)m.ItemsSkipped), "item")} that the moves of {users} left behind stay NOT copied. "
                + "The moves then do what their purge mode says with their sources and complete.",
            _ => "",
        };
    }

    public static string IconOf(MoveAction action) => action switch
    {
        MoveAction.Retry => MudBlazor.Icons.Material.Filled.Replay,
        MoveAction.Skip => MudBlazor.Icons.Material.Filled.SkipNext,
        MoveAction.StopDeferredRetries => MudBlazor.Icons.Material.Filled.TimerOff,
        MoveAction.RestartEntireMove => MudBlazor.Icons.Material.Filled.RestartAlt,
        MoveAction.ForceComplete => MudBlazor.Icons.Material.Filled.DoneAll,
        MoveAction.Complete => MudBlazor.Icons.Material.Filled.CallMade,
        MoveAction.Cancel => MudBlazor.Icons.Material.Filled.Cancel,
        MoveAction.Suspend => MudBlazor.Icons.Material.Filled.PauseCircle,
        MoveAction.Resume => MudBlazor.Icons.Material.Filled.PlayCircle,
        MoveAction.Clear => MudBlazor.Icons.Material.Filled.ClearAll,
        MoveAction.ApproveSkipped => MudBlazor.Icons.Material.Filled.FactCheck,
        _ => MudBlazor.Icons.Material.Filled.Help,
    };
}
