using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>
/// Complete: cut a synced copy-first move over now (admin rename, a last incremental sync, purge). Asked again once
/// the cutover has begun, it changes nothing; asked of a move that is not synced, it is refused (409).
/// </summary>
public sealed class CompleteMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveComplete, actor, (_, move, now) =>
        {
            move.RequestCutover(actor, now);
            return Task.CompletedTask;
        }, cancellationToken);
}
