using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Stop deferred retries: a move waiting in the no-server or deferred cycle waits for an admin instead.</summary>
public sealed class StopDeferredRetriesHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveStopDeferredRetries, actor, (_, move, now) => { move.StopDeferredRetries(actor, now); return Task.CompletedTask; }, cancellationToken);
}
