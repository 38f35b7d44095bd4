using Hangfire;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>Brings the target of a synced copy-first move up to the source again, while the user still lives on the source.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class IncrementalSyncJob(PhaseRunner runner, IncrementalSync sync) : IMovePhase
{
    public MovePhase Phase => MovePhase.IncrementalSync;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken) => sync.RunAsync(context, cancellationToken);
}
