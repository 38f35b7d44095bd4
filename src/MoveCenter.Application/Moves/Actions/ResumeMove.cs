using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Resume: let a suspended move go on from where it was held.</summary>
public sealed class ResumeMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveResume, actor, (_, move, now) => { move.Resume(actor, now); return Task.CompletedTask; }, cancellationToken);
}
