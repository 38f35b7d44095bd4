using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Suspend: hold the move; nothing runs until Resume. A running phase stops at its next checkpoint.</summary>
public sealed class SuspendMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveSuspend, actor, (_, move, now) => { move.Suspend(actor, now); return Task.CompletedTask; }, cancellationToken);
}
