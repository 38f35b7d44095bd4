using NodaTime;

namespace MoveCenter.Domain.Directory;

/// <summary>Whether moves may run at a moment: open (until when, if it closes within a week) or closed (until when).</summary>
public abstract record WindowState
{
    public sealed record Open(Instant? Until) : WindowState;

    public sealed record Closed(Instant OpensAt) : WindowState;
}

/// <summary>
/// A post office's move windows in its own time zone. No windows means always open. Windows that touch or overlap are
/// one stretch of time, so a move running in "Daily 22:00-24:00" and "Daily 00:00-06:00" is not stopped at midnight.
/// </summary>
public sealed class MoveSchedule
{
    public const string DefaultTimeZone = "UTC";

    // Past this, a stretch of open time is as good as open for ever: no window starts more than a week after another.
    private const int HorizonDays = 8;

    public MoveSchedule(DateTimeZone zone, IReadOnlyList<MoveWindow> windows)
    {
        Zone = zone;
        Windows = windows;
    }

    public DateTimeZone Zone { get; }

    public IReadOnlyList<MoveWindow> Windows { get; }

    public bool AlwaysOpen => Windows.Count == 0;

    public static DateTimeZone? FindZone(string? timeZone) =>
        string.IsNullOrWhiteSpace(timeZone) ? null : DateTimeZoneProviders.Tzdb.GetZoneOrNull(timeZone.Trim());

    public static MoveSchedule Parse(string timeZone, string? storedWindows) => new(
        FindZone(timeZone) ?? throw new FormatException($"'{timeZone}' is not an IANA time zone."),
        string.IsNullOrWhiteSpace(storedWindows) ? [] : [.. storedWindows.Split(';').Select(MoveWindow.ParseStored)]);

    public static string? Store(IEnumerable<MoveWindow> windows) =>
        string.Join(";", windows.Select(w => w.ToString())) is { Length: > 0 } text ? text : null;

    public WindowState At(Instant now)
    {
        if (AlwaysOpen) return new WindowState.Open(null);
        var today = now.InZone(Zone).Date;
        // Yesterday's windows are included: one that runs past midnight may still be open.
        var stretches = Merge(Enumerable.Range(-1, HorizonDays + 1)
            .SelectMany(offset => Windows.Select(w => w.OnDate(today.PlusDays(offset), Zone)))
            .OfType<(Instant Start, Instant End)>()
            .OrderBy(s => s.Start));
        var horizon = today.PlusDays(HorizonDays - 1).AtStartOfDayInZone(Zone).ToInstant();
        foreach (var (start, end) in stretches)
        {
            if (start <= now && now < end) return new WindowState.Open(end >= horizon ? null : end);
            if (start > now) return new WindowState.Closed(start);
        }
        throw new InvalidOperationException("A schedule with windows opens at least once a week.");
    }

    public string Describe() => AlwaysOpen
        ? "always open"
        : $"{string.Join(", ", Windows.Select(w => w.ToString()))} ({Zone.Id})";

    /// <summary>A moment in the schedule's own zone and in UTC, as admins in either place read it.</summary>
    public string LocalAndUtc(Instant instant) =>
        Zone.Id == DefaultTimeZone
            ? $"{instant.InUtc():yyyy-MM-dd HH:mm} UTC"
            : $"{instant.InZone(Zone):yyyy-MM-dd HH:mm} {Zone.Id} ({instant.InUtc():yyyy-MM-dd HH:mm} UTC)";

    private static List<(Instant Start, Instant End)> Merge(IEnumerable<(Instant Start, Instant End)> ordered)
    {
        var merged = new List<(Instant Start, Instant End)>();
        foreach (var stretch in ordered)
        {
            if (merged.Count > 0 && stretch.Start <= merged[^1].End)
                merged[^1] = (merged[^1].Start, stretch.End > merged[^1].End ? stretch.End : merged[^1].End);
            else
                merged.Add(stretch);
        }
        return merged;
    }
}
