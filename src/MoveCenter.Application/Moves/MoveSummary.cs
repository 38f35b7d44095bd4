using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Moves;

/// <summary>One row of the Move User Status list, and the payload pushed to status pages when a move changes.</summary>
public sealed record MoveSummary(
    Guid Id,
    string UserId,
    string UserDisplayName,
    string SourcePostOffice,
    string TargetPostOffice,
    MoveStatus Status,
    MovePhase Phase,
    int InventoryTotal,
    int ItemsMoved,
    int ItemsSkipped,
    int ItemsRemaining,
    long BytesTotal,
    long BytesMoved,
    int Restarts,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    DateTime LastActivityAt,
    DateTime? NotBefore,
    string? WaitReason,
    string? LastError)
{
    public double ProgressPercent => BytesTotal > 0
        ? Math.Min(100, 100.0 * BytesMoved / BytesTotal)
        : Status == MoveStatus.Completed ? 100 : 0;
}

public sealed record MoveHistoryEntry(long Id, DateTime At, MoveEventKind Kind, string Message, string Actor);

public sealed record MoveDetails(MoveSummary Summary, int BadItemLimit, PurgeMode PurgeMode, string RequestedBy, IReadOnlyList<MoveHistoryEntry> History);

public sealed record MovePage(IReadOnlyList<MoveSummary> Items, int TotalCount);
