using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Approve the items a move graded Investigate left behind: it then purges its source and completes.</summary>
public sealed class ApproveSkippedItemsHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveApproveSkipped, actor, (_, move, now) =>
        {
            move.ApproveSkipped(actor, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
