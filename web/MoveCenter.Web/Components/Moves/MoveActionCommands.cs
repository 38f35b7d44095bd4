using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;

namespace MoveCenter.Web.Components.Moves;

/// <summary>Runs an action of the page on one move through its use case, so the move page and the list's bulk actions do the same thing.</summary>
public sealed class MoveActionCommands(
    RetryMoveHandler retry,
    SkipItemHandler skip,
    StopDeferredRetriesHandler stopDeferredRetries,
    RestartMoveHandler restart,
    ForceCompleteMoveHandler forceComplete,
    CompleteMoveHandler complete,
    CancelMoveHandler cancel,
    SuspendMoveHandler suspend,
    ResumeMoveHandler resume,
    ClearMoveHandler clear,
    ApproveSkippedItemsHandler approveSkipped)
{
    public Task<MoveSummary> RunAsync(MoveAction action, Guid moveId, string actor, CancellationToken cancellationToken) => action switch
    {
        MoveAction.Retry => retry.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Skip => skip.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.StopDeferredRetries => stopDeferredRetries.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.RestartEntireMove => restart.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.ForceComplete => forceComplete.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Complete => complete.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Cancel => cancel.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Suspend => suspend.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Resume => resume.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.Clear => clear.HandleAsync(moveId, actor, cancellationToken),
        MoveAction.ApproveSkipped => approveSkipped.HandleAsync(moveId, actor, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(action), action, "Not an action of the Move User Status page."),
    };
}
