using System.Globalization;

namespace MoveCenter.Application.Common;

/// <summary>Counts and sizes as people write them in the history: "1 item", "1,240 items", "2.5 MB".</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";

    public static string Megabytes(long bytes) => $"{(bytes / 1024.0 / 1024.0).ToString("N1", CultureInfo.InvariantCulture)} MB";
}
