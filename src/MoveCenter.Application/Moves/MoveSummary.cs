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
    string? LastError,
    double RecentBytesPerSecond,
    RetryCause? RetryCause = null,
    int Priority = 0,
    Guid? BatchId = null,
    MoveGrade? Grade = null,
    bool AwaitsApproval = false)
{
    /// <summary>The recent throughput while the move runs; a stopped move has none, whatever it last measured.</summary>
    public double? BytesPerSecond => Status == MoveStatus.Running && RecentBytesPerSecond > 0 ? RecentBytesPerSecond : null;

    /// <summary>
    /// Bytes still to move at the recent throughput: a percentage of folders is not progress, bytes are. Computed from
    /// stored fields only, so the list of thousands of moves shows it without reading any samples.
    /// </summary>
    public TimeSpan? EstimatedTimeLeft => BytesPerSecond is { } rate && BytesTotal > BytesMoved
        ? TimeSpan.FromSeconds(Math.Min((BytesTotal - BytesMoved) / rate, TimeSpan.FromDays(30).TotalSeconds))
        : null;

    public double ProgressPercent => BytesTotal > 0
        ? Math.Min(100, 100.0 * BytesMoved / BytesTotal)
        : Status == MoveStatus.Completed ? 100 : 0;
}

public sealed record MoveHistoryEntry(long Id, DateTime At, MoveEventKind Kind, string Message, string Actor);

public sealed record ProgressPoint(DateTime At, int ItemsMoved, long BytesMoved);

/// <summary>How many inventory items of one kind are in one state, and their size.</summary>
public sealed record InventoryCount(string Kind, string State, int Count, long Bytes);

public sealed record MoveDetails(
    MoveSummary Summary,
    int BadItemLimit,
    PurgeMode PurgeMode,
    string RequestedBy,
    IReadOnlyList<MoveHistoryEntry> History,
    IReadOnlyList<ProgressPoint> Progress,
    IReadOnlyList<InventoryCount> Inventory)
{
    /// <summary>Everything chosen when the move was queued, its mode among them.</summary>
    public MoveOptions Options { get; init; } = new();

    /// <summary>The removal of the source mailbox, when the purge could not do it at once.</summary>
    public SourceCleanupView? Cleanup { get; init; }

    /// <summary>Where these details were read up to, so an open page asks only for what came after.</summary>
    public MoveDetailsCursor ReadUpTo { get; init; } = new(0, 0, InventoryStamp.Of(Summary));

    /// <summary>These details with an update applied: the new rows appended, the rest replaced where the update has it.</summary>
    public MoveDetails With(MoveDetailsUpdate update) => this with
    {
        Summary = update.Summary,
        Cleanup = update.Cleanup,
        History = [.. History, .. update.NewHistory],
        Progress = [.. Progress, .. update.NewProgress],
        Inventory = update.Inventory ?? Inventory,
        ReadUpTo = update.ReadUpTo,
    };
}

public sealed record MovePage(IReadOnlyList<MoveSummary> Items, int TotalCount);
