using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>What a phase knows about the move it works on. It holds ids and settings, never a tracked entity.</summary>
public sealed record PhaseContext(
    Guid MoveId,
    string UserId,
    PostOffice Source,
    PostOffice Target,
    MoveOptions Options,
    MoveLeaseGrant Lease,
    Batch? Batch = null)
{
    public MoveWindows Windows { get; } = new(Source, Target, Batch);
}

/// <summary>The work of one phase. Safe to run twice: it checkpoints in the database and skips what is done.</summary>
public interface IMovePhase
{
    MovePhase Phase { get; }

    /// <returns>
    /// A one-line summary for the move's history. A phase may complete itself in its last fenced save instead, when
    /// that save must not be separated from the completion; the runner then only hands the move on.
    /// </returns>
    Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken);
}
