using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>The worker no longer holds the move's lease (another node took over); it must stop writing at once.</summary>
public sealed class LeaseLostException(Guid moveId)
    : Exception($"The lease on move {moveId} was lost; another worker owns the move now.");

/// <summary>A phase cannot go on without a person: the message says what happened and what the admin can do.</summary>
public sealed class MoveStallException(string reason) : Exception(reason);

/// <summary>
/// A move graded Investigate reached its purge with items left behind that no admin approved: it stops before anything
/// is removed, and waits for the approval.
/// </summary>
public sealed class ApprovalRequiredException(MoveGrade grade, LeftBehind leftBehind, string reason) : Exception(reason)
{
    public MoveGrade Grade { get; } = grade;
    public LeftBehind LeftBehind { get; } = leftBehind;
}

/// <summary>A condition found before anything changed that no retry will fix; the move fails with this reason.</summary>
public sealed class PreflightFailedException(string reason) : Exception(reason);

/// <summary>A phase met an error listed to restart the move (RestartOnErrors); the message says which and where.</summary>
public sealed class RestartRequestedException(string reason) : Exception(reason);
