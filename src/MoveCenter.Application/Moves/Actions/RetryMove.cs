using MoveCenter.Application.Audit;
using MoveCenter.Application.Engine;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Retry: run the current step again now instead of waiting for its timer; failed items get fresh attempts.</summary>
public sealed class RetryMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveRetry, actor, async (db, move, now) =>
        {
            // The lease names the node, so the admin knows where the move runs; a worker between steps holds it too.
            if (db.LiveLeaseOwner(move, now) is { } owner)
                throw new InvalidOperationException(
                    $"The move is running on node {owner.Split('/')[0]}; suspend it first or wait for its step to finish.");
            move.Retry(actor, now);
            await db.RearmFailedItemsAsync(moveId, cancellationToken);
        }, cancellationToken);
}
