using MoveCenter.Application.Audit;
using MoveCenter.Application.Engine;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Retry: run the current step again now instead of waiting for its timer; failed items get fresh attempts.</summary>
public sealed class RetryMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveRetry, actor, async (db, move, now) =>
        {
            move.Retry(actor, now);
            await db.RearmFailedItemsAsync(moveId, cancellationToken);
        }, cancellationToken);
}
