namespace MoveCenter.Domain.Moves;

/// <summary>
/// A named set of moves queued at once (a CSV file, a selection, a script). It holds no status of its own: where a
/// batch stands is read from its moves, which are ordinary moves carrying the batch's id.
/// </summary>
public sealed class Batch
{
    public const int NameMaxLength = 200;

    private Batch() { }

    public Guid Id { get; private set; }
    public string Name { get; private set; } = "";
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }

    /// <summary>When its moves start unless a row names its own time; null for at once.</summary>
    public DateTime? StartAt { get; private set; }

    public static Batch Create(Guid id, string name, DateTime? startAt, string createdBy, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        return new Batch { Id = id, Name = name.Trim(), StartAt = startAt, CreatedBy = createdBy, CreatedAt = now };
    }
}
