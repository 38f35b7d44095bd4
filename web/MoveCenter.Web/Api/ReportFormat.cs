using MoveCenter.Application.Common;

namespace MoveCenter.Web.Api;

/// <summary>The <c>format</c> of a report call: json (the default) or csv; anything else is refused naming the field.</summary>
public static class ReportFormat
{
    public static bool IsCsv(string? format)
    {
        var csv = string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase);
        if (!csv && format is not null && !string.Equals(format, "json", StringComparison.OrdinalIgnoreCase))
            throw RequestRejectedException.InvalidField("format", $"format '{format}' is not known; use csv or json.");
        return csv;
    }
}
