using MoveCenter.Application.Audit;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>Suspend: hold the move; nothing runs until Resume. A running phase stops at its next checkpoint.</summary>
public sealed class SuspendMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveSuspend, actor, (_, move, now) => { move.Suspend(actor, now); return Task.CompletedTask; }, cancellationToken);
}

public sealed class ResumeMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveResume, actor, (_, move, now) => { move.Resume(actor, now); return Task.CompletedTask; }, cancellationToken);
}

/// <summary>Clear Status: hide a finished, failed or cancelled move from the list; its history stays.</summary>
public sealed class ClearMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveClear, actor, (_, move, now) => { move.Clear(actor, now); return Task.CompletedTask; }, cancellationToken);
}

/// <summary>Stop deferred retries: a move waiting in the no-server or deferred cycle waits for an admin instead.</summary>
public sealed class StopDeferredRetriesHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveStopDeferredRetries, actor, (_, move, now) => { move.StopDeferredRetries(actor, now); return Task.CompletedTask; }, cancellationToken);
}
