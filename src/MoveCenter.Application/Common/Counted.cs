using System.Globalization;

namespace MoveCenter.Application.Common;

/// <summary>Counts and sizes as people write them in the history: "1 item", "1,240 items", "2.5 MB".</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";

    public static string Megabytes(long bytes) => $"{(bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture)} MB";

    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    /// <summary>"512 B", "1.2 MB", "34 GB".</summary>
    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1) (value, unit) = (value / 1024, unit + 1);
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    /// <summary>A time span in the largest units that say it: "45 s", "3 min", "2 h 5 min", "3 d 4 h".</summary>
    public static string Span(TimeSpan value)
    {
        if (value < TimeSpan.FromMinutes(1)) return $"{Math.Max(1, (int)value.TotalSeconds)} s";
        var minutes = (long)Math.Round(value.TotalMinutes);
        if (minutes < 60) return $"{minutes} min";
        if (minutes < 24 * 60) return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
        var hours = (long)Math.Round(value.TotalHours);
        return hours % 24 == 0 ? $"{hours / 24} d" : $"{hours / 24} d {hours % 24} h";
    }
}
