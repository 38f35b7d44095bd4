namespace MoveCenter.Domain.Moves;

/// <summary>
/// One user's move from a source to a target post office. Its status changes only through the methods
/// below, each checked against <see cref="MoveStatusTransitions"/>; an illegal change throws.
/// </summary>
public sealed partial class Move
{
    public const string SystemActor = "system";

    /// <summary>How often progress is sampled for the throughput chart and the ETA.</summary>
    public static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(2);

    private readonly List<MoveEvent> _history = [];
    private readonly List<MoveProgressSample> _samples = [];

    private Move() { }

    public Guid Id { get; private set; }
    public string UserId { get; private set; } = "";
    public int SourcePostOfficeId { get; private set; }
    public int TargetPostOfficeId { get; private set; }
    public MoveStatus Status { get; private set; }
    public MovePhase Phase { get; private set; }
    public MoveOptions Options { get; private set; } = new();
    public string RequestedBy { get; private set; } = "";

    /// <summary>Among moves waiting for capacity, a higher priority runs first; 0 is the default.</summary>
    public int Priority { get; private set; }

    /// <summary>The batch this move was queued with, if any.</summary>
    public Guid? BatchId { get; private set; }

    public DateTime CreatedAt { get; private set; }
    public DateTime? StartedAt { get; private set; }
    public DateTime? FinishedAt { get; private set; }
    public DateTime LastActivityAt { get; private set; }

    /// <summary>When the move may run next: its start time, or the time of its next deferred try.</summary>
    public DateTime? NotBefore { get; private set; }
    public string? WaitReason { get; private set; }
    public RetryCause? RetryCause { get; private set; }
    public int RetryAttempt { get; private set; }
    public string? LastError { get; private set; }
    public int Restarts { get; private set; }
    public bool RestartWithPriority { get; private set; }
    public bool Cleared { get; private set; }

    /// <summary>The user's id while the move is unfinished, else null: a unique index on it allows one active move per user.</summary>
    public string? ActiveUserId { get; private set; }

    public DateTime? InventoryTakenAt { get; private set; }
    public int InventoryTotal { get; private set; }
    public int ItemsMoved { get; private set; }
    public int ItemsSkipped { get; private set; }
    public long BytesTotal { get; private set; }
    public long BytesMoved { get; private set; }

    /// <summary>Bytes per second between the last two progress samples; what the ETA is based on.</summary>
    public double RecentBytesPerSecond { get; private set; }
    public DateTime? LastSampleAt { get; private set; }
    private long LastSampleBytes { get; set; }

    /// <summary>Incremented on every saved change; the database rejects a write based on a stale copy.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<MoveEvent> History => _history;

    public IReadOnlyList<MoveProgressSample> Samples => _samples;

    public int ItemsRemaining => Math.Max(0, InventoryTotal - ItemsMoved - ItemsSkipped);

    public static Move Queue(
        Guid id, string userId, int sourcePostOfficeId, int targetPostOfficeId,
        MoveOptions options, DateTime? startAt, string requestedBy, DateTime now, int priority = 0, Guid? batchId = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        if (sourcePostOfficeId == targetPostOfficeId)
            throw new ArgumentException("The source and target post office must differ.");
        if (options.BadItemLimit < 1)
            throw new ArgumentOutOfRangeException(nameof(options), "The bad item limit must be at least 1.");

        var move = new Move
        {
            Id = id,
            UserId = userId,
            SourcePostOfficeId = sourcePostOfficeId,
            TargetPostOfficeId = targetPostOfficeId,
            Status = MoveStatus.Queued,
            Phase = MovePhase.Preflight,
            Options = options,
            RequestedBy = requestedBy,
            CreatedAt = now,
            LastActivityAt = now,
            NotBefore = startAt is { } at && at > now ? at : null,
            ActiveUserId = userId,
            Priority = priority,
            BatchId = batchId,
        };
        var when = move.NotBefore is { } later ? $" to start at {later:u}" : "";
        move.Record(now, MoveEventKind.Queued, $"Move of {userId} queued{when}.", requestedBy);
        return move;
    }

    /// <summary>
    /// A queued move whose post offices are pinned to sites says, until a worker begins it, that only nodes of that
    /// site may take it: the reason it waits when none of them runs.
    /// </summary>
    public void AwaitSites(IReadOnlyCollection<string> sites)
    {
        if (Status != MoveStatus.Queued) throw new InvalidMoveTransitionException(Status, MoveStatus.Queued, "wait for a site's node");
        WaitReason = sites.Count == 1
            ? $"Waits for a node of site {sites.First()}: only nodes of that site work on its post offices."
            : $"No node can take it: its post offices are pinned to different sites ({string.Join(" and ", sites)}).";
    }

    /// <summary>A worker that holds the lease begins (or resumes) the current phase.</summary>
    public void BeginWork(DateTime now)
    {
        if (Status != MoveStatus.Running)
        {
            var resumed = RetryCause is not null || Restarts > 0 || StartedAt is not null;
            ChangeStatus(MoveStatus.Running, "start");
            StartedAt ??= now;
            NotBefore = null;
            WaitReason = null;
            RestartWithPriority = false;
            Record(now, MoveEventKind.PhaseStarted,
                resumed ? $"{Phase.DisplayName()} resumed." : $"{Phase.DisplayName()} started.");
        }
        LastActivityAt = now;
    }

    public void CompletePhase(DateTime now, string summary)
    {
        RequireStatus(MoveStatus.Running, "complete a phase of");
        var finished = Phase;
        Record(now, MoveEventKind.PhaseCompleted, $"{finished.DisplayName()} completed. {summary}".TrimEnd());
        Phase = finished == MovePhase.IncrementalSync ? finished : finished.Next(Options.Mode);
        RetryCause = null;
        RetryAttempt = 0;
        LastActivityAt = now;
        if (Phase == MovePhase.IncrementalSync)
        {
            EnterSynced(now);
        }
        else if (Phase == MovePhase.Finished)
        {
            ChangeStatus(MoveStatus.Completed, "complete");
            FinishedAt = now;
            LastError = null;
            Record(now, MoveEventKind.Completed, "Move completed.");
        }
        else
        {
            Record(now, MoveEventKind.PhaseStarted, $"{Phase.DisplayName()} started.");
        }
    }

    public void RecordInventory(int total, long bytesTotal, DateTime now)
    {
        RequireStatus(MoveStatus.Running, "record the inventory of");
        InventoryTotal = total;
        BytesTotal = bytesTotal;
        InventoryTakenAt ??= now;
        LastActivityAt = now;
    }

    public void RecordProgress(int itemsMoved, int itemsSkipped, long bytesMoved, DateTime now)
    {
        RequireStatus(MoveStatus.Running, "record progress of");
        // Only mail that arrived ends a wait cycle: a re-examination that fails on the same item again must count on.
        var advanced = itemsMoved > ItemsMoved;
        ItemsMoved = itemsMoved;
        ItemsSkipped = itemsSkipped;
        BytesMoved = bytesMoved;
        LastActivityAt = now;
        Sample(now);
        if (advanced && RetryCause is not null)
        {
            RetryCause = null;
            RetryAttempt = 0;
        }
    }

    private void Sample(DateTime now)
    {
        if (LastSampleAt is { } last && now - last < SampleInterval) return;
        if (LastSampleAt is { } previous && now > previous)
            RecentBytesPerSecond = Math.Max(0, BytesMoved - LastSampleBytes) / (now - previous).TotalSeconds;
        LastSampleAt = now;
        LastSampleBytes = BytesMoved;
        _samples.Add(new MoveProgressSample(Id, now, ItemsMoved, BytesMoved));
    }

    public void Note(DateTime now, MoveEventKind kind, string message, string actor = SystemActor)
    {
        Record(now, kind, message, actor);
        LastActivityAt = now;
    }

    private void ChangeStatus(MoveStatus to, string action)
    {
        if (!MoveStatusTransitions.IsAllowed(Status, to))
            throw new InvalidMoveTransitionException(Status, to, action);
        Status = to;
        if (to != MoveStatus.Stalled) ItemsAwaitingApproval = 0;
        ActiveUserId = to.IsTerminal() ? null : UserId;
    }

    private void RequireStatus(MoveStatus expected, string action)
    {
        if (Status != expected)
            throw new InvalidOperationException($"Cannot {action} a move that is {Status}; it must be {expected}.");
    }

    private void Record(DateTime at, MoveEventKind kind, string message, string actor = SystemActor) =>
        _history.Add(new MoveEvent(Id, at, kind, message, actor));
}
