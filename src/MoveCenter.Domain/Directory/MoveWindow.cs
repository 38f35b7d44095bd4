using System.Globalization;
using NodaTime;

namespace MoveCenter.Domain.Directory;

[Flags]
public enum WeekDays
{
    None = 0,
    Mon = 1,
    Tue = 2,
    Wed = 4,
    Thu = 8,
    Fri = 16,
    Sat = 32,
    Sun = 64,
    All = Mon | Tue | Wed | Thu | Fri | Sat | Sun,
}

/// <summary>
/// A recurring time in which moves may run: on each of <see cref="Days"/>, from <see cref="From"/> to <see cref="To"/>
/// local time. A window whose end is not after its start runs past midnight, so "Mon-Fri 22:00-06:00" opens Monday
/// evening and closes Tuesday morning. Times are minutes after midnight; 1440 (24:00) ends a window at midnight.
/// </summary>
public sealed record MoveWindow(WeekDays Days, int From, int To)
{
    public const int MinutesPerDay = 24 * 60;

    private static readonly string[] DayNames = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

    /// <summary>Parses the API's form, e.g. days "Mon-Fri", from "22:00", to "06:00"; the errors say what to write instead.</summary>
    public static (MoveWindow? Window, IReadOnlyList<string> Errors) Parse(string? days, string? from, string? to)
    {
        var errors = new List<string>();
        var parsedDays = ParseDays(days, errors);
        var start = ParseTime(from, "from", errors, allowMidnightEnd: false);
        var end = ParseTime(to, "to", errors, allowMidnightEnd: true);
        if (start is { } s && end is { } e && s == e)
            errors.Add($"from and to are both {FormatTime(s)}: the window would be empty. For a whole day write from 00:00 to 24:00.");
        return errors.Count == 0 ? (new MoveWindow(parsedDays, start!.Value, end!.Value), errors) : (null, errors);
    }

    /// <summary>Parses the stored form, "Mon-Fri 22:00-06:00".</summary>
    public static MoveWindow ParseStored(string text)
    {
        var parts = text.Trim().Split(' ', 2);
        var times = parts.Length == 2 ? parts[1].Split('-', 2) : [];
        var (window, errors) = Parse(parts[0], times.ElementAtOrDefault(0), times.ElementAtOrDefault(1));
        return window ?? throw new FormatException($"'{text}' is not a move window: {string.Join(" ", errors)}");
    }

    public bool RunsPastMidnight => To <= From;

    public string DaysText => FormatDays(Days);

    public string FromText => FormatTime(From);

    public string ToText => FormatTime(To);

    public override string ToString() => $"{DaysText} {FromText}-{ToText}";

    /// <summary>The times this window is open that start on <paramref name="date"/>, as instants in <paramref name="zone"/>.</summary>
    public (Instant Start, Instant End)? OnDate(LocalDate date, DateTimeZone zone)
    {
        if (!Days.HasFlag(DayOf(date.DayOfWeek))) return null;
        var start = date.AtMidnight().PlusMinutes(From);
        var end = (RunsPastMidnight ? date.PlusDays(1) : date).AtMidnight().PlusMinutes(To);
        // In a daylight-saving gap the local time does not exist: the window starts (or ends) when the clocks resume.
        var (startInstant, endInstant) = (start.InZoneLeniently(zone).ToInstant(), end.InZoneLeniently(zone).ToInstant());
        return endInstant > startInstant ? (startInstant, endInstant) : null;
    }

    private static WeekDays DayOf(IsoDayOfWeek day) => (WeekDays)(1 << ((int)day - 1));

    private static WeekDays ParseDays(string? text, List<string> errors)
    {
        const string Example = "Write days like \"Mon-Fri\", \"Sat,Sun\", \"Mon,Wed-Fri\" or \"Daily\".";
        if (string.IsNullOrWhiteSpace(text))
        {
            errors.Add($"days is missing. {Example}");
            return WeekDays.None;
        }
        if (text.Trim().Equals("daily", StringComparison.OrdinalIgnoreCase)) return WeekDays.All;
        var days = WeekDays.None;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            var range = part.Split('-', StringSplitOptions.TrimEntries);
            var first = DayIndex(range[0]);
            var last = range.Length == 2 ? DayIndex(range[1]) : first;
            if (range.Length > 2 || first < 0 || last < 0)
            {
                errors.Add($"days: '{part}' is not a day or a range of days. {Example}");
                return WeekDays.None;
            }
            // "Fri-Mon" wraps over the weekend.
            for (var day = first; ; day = (day + 1) % 7)
            {
                days |= (WeekDays)(1 << day);
                if (day == last) break;
            }
        }
        return days;
    }

    private static int DayIndex(string name) =>
        Array.FindIndex(DayNames, d => name.Length >= 3 && d.Equals(name[..3], StringComparison.OrdinalIgnoreCase)
            && (name.Length == 3 || FullDayName(d).Equals(name, StringComparison.OrdinalIgnoreCase)));

    private static string FullDayName(string shortName) =>
        CultureInfo.InvariantCulture.DateTimeFormat.DayNames.First(n => n.StartsWith(shortName, StringComparison.Ordinal));

    private static int? ParseTime(string? text, string field, List<string> errors, bool allowMidnightEnd)
    {
        var parts = text?.Trim().Split(':');
        if (parts is { Length: 2 } && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var hours)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minutes) && parts[1].Length == 2
            && minutes < 60 && (hours < 24 || (allowMidnightEnd && hours == 24 && minutes == 0)))
            return hours * 60 + minutes;
        errors.Add($"{field} must be a time of day as HH:mm, e.g. 22:00{(allowMidnightEnd ? " (24:00 for midnight at the end of the day)" : "")}; '{text}' is not.");
        return null;
    }

    private static string FormatTime(int minutes) => $"{minutes / 60:00}:{minutes % 60:00}";

    private static string FormatDays(WeekDays days)
    {
        if (days == WeekDays.All) return "Daily";
        var runs = new List<string>();
        for (var day = 0; day < 7; day++)
        {
            if (!days.HasFlag((WeekDays)(1 << day))) continue;
            var last = day;
            while (last + 1 < 7 && days.HasFlag((WeekDays)(1 << (last + 1)))) last++;
            runs.Add(last - day >= 2 ? $"{DayNames[day]}-{DayNames[last]}" : last > day ? $"{DayNames[day]},{DayNames[last]}" : DayNames[day]);
            day = last;
        }
        return string.Join(",", runs);
    }
}
