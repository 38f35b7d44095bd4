using System.Globalization;
using MoveCenter.Application.Common;

namespace MoveCenter.Web.Components.Moves;

/// <summary>Numbers for people: 1.2 GB, 1.2 MB/s, 3 min, 14:05, 1 item.</summary>
public static class Format
{
    private static readonly string[] Units = ["B", "KB", "MB", "GB", "TB"];

    public static string Bytes(long bytes)
    {
        double value = bytes;
        var unit = 0;
        while (value >= 1024 && unit < Units.Length - 1) (value, unit) = (value / 1024, unit + 1);
        return unit == 0 ? $"{bytes} B" : value.ToString(value < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " " + Units[unit];
    }

    public static string Ago(DateTime utc, DateTime now)
    {
        var span = now - utc;
        if (span < TimeSpan.FromSeconds(5)) return "just now";
        if (span < TimeSpan.FromMinutes(1)) return $"{(int)span.TotalSeconds} s ago";
        if (span < TimeSpan.FromHours(1)) return $"{(int)span.TotalMinutes} min ago";
        if (span < TimeSpan.FromDays(1)) return $"{(int)span.TotalHours} h ago";
        return utc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }

    /// <summary>A UTC time, or a dash when there is none (not a bare " UTC").</summary>
    public static string Time(DateTime? utc) =>
        utc is { } time ? time.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    public static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 item", "3 items", "1,240 moves".</summary>
    public static string Count(long value, string singular, string? plural = null) => Counted.Of(value, singular, plural);

    /// <summary>A throughput, "1.2 MB/s", or a dash when there is none.</summary>
    public static string Rate(double? bytesPerSecond) => bytesPerSecond is { } rate ? Bytes((long)rate) + "/s" : "—";

    /// <summary>A time span in the largest units that say it, "45 s", "3 min", "2 h 5 min", "3 d 4 h", or a dash when there is none.</summary>
    public static string Span(TimeSpan? span)
    {
        if (span is not { } value) return "—";
        if (value < TimeSpan.FromMinutes(1)) return $"{Math.Max(1, (int)value.TotalSeconds)} s";
        var minutes = (long)Math.Round(value.TotalMinutes);
        if (minutes < 60) return $"{minutes} min";
        if (minutes < 24 * 60) return minutes % 60 == 0 ? $"{minutes / 60} h" : $"{minutes / 60} h {minutes % 60} min";
        var hours = (long)Math.Round(value.TotalHours);
        return hours % 24 == 0 ? $"{hours / 24} d" : $"{hours / 24} d {hours % 24} h";
    }
}
