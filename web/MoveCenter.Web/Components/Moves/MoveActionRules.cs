using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Components.Moves;

public enum MoveAction
{
    Retry,
    Skip,
    ForceComplete,
    Cancel,
    Suspend,
    Resume,
    Clear,
}

/// <summary>
/// Which actions make sense for a move as it stands, mirroring the domain's rules (MoveStatusTransitions and
/// Move.AdminActions), and what the ones that drop data will do, in words shown before they are confirmed.
/// </summary>
public static class MoveActionRules
{
    public static bool IsEnabled(MoveAction action, MoveSummary move) => action switch
    {
        MoveAction.Retry => move.Status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Failed,
        MoveAction.Skip => move.Status is MoveStatus.Stalled or MoveStatus.Waiting or MoveStatus.Suspended && move.ItemsRemaining > 0,
        MoveAction.ForceComplete => move.Status is MoveStatus.Waiting or MoveStatus.Stalled or MoveStatus.Suspended or MoveStatus.Failed
            && move.Phase is >= MovePhase.ItemRequest and < MovePhase.Finished,
        MoveAction.Cancel => !move.Status.IsTerminal() && move.Phase != MovePhase.Purge,
        MoveAction.Suspend => move.Status is MoveStatus.Queued or MoveStatus.Running or MoveStatus.Waiting or MoveStatus.Stalled,
        MoveAction.Resume => move.Status == MoveStatus.Suspended,
        MoveAction.Clear => move.Status.IsTerminal(),
        _ => false,
    };

    /// <summary>The actions that lose data or stop a move for good, and so are confirmed first.</summary>
    public static bool NeedsConfirmation(MoveAction action) => action is MoveAction.Skip or MoveAction.ForceComplete or MoveAction.Cancel;

    public static string Label(MoveAction action) => action switch
    {
        MoveAction.ForceComplete => "Force Complete",
        MoveAction.Clear => "Clear Status",
        _ => action.ToString(),
    };

    /// <summary>Exactly what the action will do to this move, for the confirmation.</summary>
    public static string Consequence(MoveAction action, MoveSummary move) => action switch
    {
        MoveAction.Skip =>
            $"The first pending item of {move.UserId} (the one holding the move) will be dropped: it is NOT copied to {move.TargetPostOffice} "
            + "and is recorded as skipped by you. The move then runs again.",
        MoveAction.ForceComplete =>
            $"All {Format.Count(move.ItemsRemaining)} items of {move.UserId} not yet at {move.TargetPostOffice} ({Format.Bytes(Math.Max(0, move.BytesTotal - move.BytesMoved))}) "
            + $"will be recorded as skipped and will NOT be copied. The move then purges the source on {move.SourcePostOffice} and completes.",
        MoveAction.Cancel => move.Phase.ChangedAnything() || move.Phase == MovePhase.AdminRename
            ? $"The move of {move.UserId} stops for good. {move.UserId} lives on {move.SourcePostOffice} again, which still holds everything; "
              + $"the {Format.Count(move.ItemsMoved)} items already copied stay at {move.TargetPostOffice}."
            : $"The move of {move.UserId} is withdrawn before anything changed; the mailbox stays on {move.SourcePostOffice}.",
        MoveAction.Retry => $"The {move.Phase.DisplayName()} step runs again now.",
        MoveAction.Suspend => "The move is held; nothing runs until Resume.",
        MoveAction.Resume => "The move is queued again.",
        MoveAction.Clear => "The move is removed from the list; its history stays.",
        _ => "",
    };

    public static string IconOf(MoveAction action) => action switch
    {
        MoveAction.Retry => MudBlazor.Icons.Material.Filled.Replay,
        MoveAction.Skip => MudBlazor.Icons.Material.Filled.SkipNext,
        MoveAction.ForceComplete => MudBlazor.Icons.Material.Filled.DoneAll,
        MoveAction.Cancel => MudBlazor.Icons.Material.Filled.Cancel,
        MoveAction.Suspend => MudBlazor.Icons.Material.Filled.PauseCircle,
        MoveAction.Resume => MudBlazor.Icons.Material.Filled.PlayCircle,
        MoveAction.Clear => MudBlazor.Icons.Material.Filled.ClearAll,
        _ => MudBlazor.Icons.Material.Filled.Help,
    };
}
