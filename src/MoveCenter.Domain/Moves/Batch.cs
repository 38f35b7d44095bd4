using MoveCenter.Domain.Directory;

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

    /// <summary>The IANA time zone of <see cref="Windows"/>.</summary>
    public string TimeZone { get; private set; } = MoveSchedule.DefaultTimeZone;

    /// <summary>
    /// Windows that narrow those of the moves' post offices further (stored as "Mon-Fri 22:00-06:00;…"); null when the
    /// post offices' windows alone decide.
    /// </summary>
    public string? Windows { get; private set; }

    public MoveSchedule Schedule => MoveSchedule.Parse(TimeZone, Windows);

    public void ScheduleMoves(string timeZone, IReadOnlyList<MoveWindow> windows)
    {
        if (MoveSchedule.FindZone(timeZone) is null) throw new ArgumentException($"'{timeZone}' is not an IANA time zone.", nameof(timeZone));
        TimeZone = timeZone.Trim();
        Windows = MoveSchedule.Store(windows);
    }

    public static Batch Create(Guid id, string name, DateTime? startAt, string createdBy, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(createdBy);
        return new Batch { Id = id, Name = name.Trim(), StartAt = startAt, CreatedBy = createdBy, CreatedAt = now };
    }
}
