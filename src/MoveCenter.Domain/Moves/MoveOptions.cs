namespace MoveCenter.Domain.Moves;

public enum PurgeMode
{
    Purge,
    Keep,
}

/// <summary>The order of a move's work (DESIGN §10).</summary>
public enum MoveMode
{
    /// <summary>The GroupWise order: the user moves to the target first, and the mail follows.</summary>
    SwitchFirst,

    /// <summary>The MRS order: the mail is copied while the user stays on the source; the cutover comes last and is short.</summary>
    CopyFirst,
}

/// <summary>Per-move settings chosen when the move is queued.</summary>
public sealed record MoveOptions
{
    public const int DefaultBadItemLimit = 3;

    public static readonly TimeSpan DefaultIncrementalSyncInterval = TimeSpan.FromHours(24);

    /// <summary>How many times one item may fail before the move stalls on it.</summary>
    public int BadItemLimit { get; init; } = DefaultBadItemLimit;

    public PurgeMode PurgeMode { get; init; } = PurgeMode.Purge;

    public MoveMode Mode { get; init; } = MoveMode.SwitchFirst;

    /// <summary>A copy-first move cuts over on its own at this time (UTC) once it is synced; null waits for Complete.</summary>
    public DateTime? CompleteAfter { get; init; }

    /// <summary>How long a synced copy-first move waits between two incremental syncs.</summary>
    public TimeSpan IncrementalSyncInterval { get; init; } = DefaultIncrementalSyncInterval;
}
