using System.Globalization;

namespace MoveCenter.Application.Common;

/// <summary>A count with its noun in the right number, as people write it: "1 item", "1,240 items".</summary>
public static class Counted
{
    public static string Of(long count, string singular, string? plural = null) =>
        $"{count.ToString("N0", CultureInfo.InvariantCulture)} {(count == 1 ? singular : plural ?? singular + "s")}";
}
