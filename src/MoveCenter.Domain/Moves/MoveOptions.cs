namespace MoveCenter.Domain.Moves;

public enum PurgeMode
{
    Purge,
    Keep,
}

/// <summary>Per-move settings chosen when the move is queued.</summary>
public sealed record MoveOptions
{
    public const int DefaultBadItemLimit = 3;

    /// <summary>How many times one item may fail before the move stalls on it.</summary>
    public int BadItemLimit { get; init; } = DefaultBadItemLimit;

    public PurgeMode PurgeMode { get; init; } = PurgeMode.Purge;
}
