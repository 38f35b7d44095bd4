using System.Globalization;
using MoveCenter.Application.Common;

namespace MoveCenter.Web.Components.Moves;

/// <summary>Numbers for people: 1.2 GB, 1.2 MB/s, 3 min, 14:05, 1 item.</summary>
public static class Format
{
    public static string Bytes(long bytes) => Counted.Bytes(bytes);

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
    public static string Span(TimeSpan? span) => span is { } value ? Counted.Span(value) : "—";
}
