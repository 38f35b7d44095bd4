using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Clear Status: hide a finished, failed or cancelled move from the list; its history stays.</summary>
public sealed class ClearMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveClear, actor, (_, move, now) => { move.Clear(actor, now); return Task.CompletedTask; }, cancellationToken);
}
