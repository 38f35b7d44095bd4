using System.Globalization;
using MoveCenter.Application.Common;

namespace MoveCenter.Application.Batches;

/// <summary>
/// Reads a batch file: a header row <c>userId,targetPostOffice[,priority][,startAt][,mode]</c> (any order, any case),
/// then one move per line. A value that cannot be read makes its row a rejected row, never the whole file; only a
/// file without the two required columns is refused as a whole.
/// </summary>
public static class BatchCsv
{
    public static readonly CsvColumns Columns = new(["userId", "targetPostOffice"], ["priority", "startAt", "mode"]);

    public static IReadOnlyList<BatchRow> Read(TextReader text) =>
        CsvTable.Read(text, Columns, "a batch file").Select(line =>
        {
            var problems = line.Problems.ToList();
            var priority = ReadPriority(line["priority"], problems);
            var startAt = ReadStartAt(line["startAt"], problems);
            if (BatchRow.ReadMode(line["mode"], out var mode) is { } modeProblem) problems.Add(modeProblem);
            return new BatchRow(line.Row, line["userId"], line["targetPostOffice"], priority, startAt, problems, mode);
        }).ToList();

    private static int ReadPriority(string? text, List<string> problems)
    {
        if (text is null) return 0;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var priority)) return priority;
        problems.Add($"priority '{text}' is not a whole number; write e.g. 0 (the default) or 10 (runs before 0).");
        return 0;
    }

    /// <summary>A start time must say its zone: "22:00" means different hours to the person writing it and to the server.</summary>
    private static DateTime? ReadStartAt(string? text, List<string> problems)
    {
        if (text is null) return null;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out var at)
            && (text.EndsWith('Z') || text.EndsWith('z') || HasOffset(text)))
            return at.UtcDateTime;
        problems.Add($"startAt '{text}' is not a date and time with its zone; write e.g. 2026-12-01T22:00:00Z or 2026-12-01T22:00:00+01:00.");
        return null;
    }

    private static bool HasOffset(string text)
    {
        var time = text.IndexOf('T', StringComparison.OrdinalIgnoreCase) is var t and >= 0 ? text[t..] : text.Length > 10 ? text[10..] : "";
        return time.Contains('+') || time.LastIndexOf('-') > 0;
    }
}
