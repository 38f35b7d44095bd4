using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using MoveCenter.Application.Common;

namespace MoveCenter.Application.Batches;

/// <summary>
/// Reads a batch file: a header row <c>userId,targetPostOffice[,priority][,startAt][,mode]</c> (any order, any case),
/// then one move per line. A value that cannot be read makes its row a rejected row, never the whole file; only a
/// file without the two required columns is refused as a whole.
/// </summary>
public static class BatchCsv
{
    public const string Columns = "userId,targetPostOffice[,priority][,startAt][,mode]";

    private static readonly string[] Known = ["userid", "targetpostoffice", "priority", "startat", "mode"];

    public static async Task<IReadOnlyList<BatchRow>> ReadAsync(TextReader text, CancellationToken cancellationToken)
    {
        var configuration = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            MissingFieldFound = null,
            BadDataFound = null,
        };
        using var csv = new CsvReader(text, configuration);
        if (!await csv.ReadAsync() || !csv.ReadHeader())
            throw RequestRejectedException.InvalidField("file", $"The file is empty. Its first line must name the columns: {Columns}.");
        var header = csv.HeaderRecord!.Select(h => h.Trim().ToLowerInvariant()).ToArray();
        var unknown = header.Where(h => !Known.Contains(h)).ToList();
        if (!header.Contains("userid") || !header.Contains("targetpostoffice") || unknown.Count > 0)
            throw RequestRejectedException.InvalidField("file",
                $"The first line must name the columns {Columns}; it has: {string.Join(",", csv.HeaderRecord!)}."
                + (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : ""));

        var rows = new List<BatchRow>();
        while (await csv.ReadAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var fields = Enumerable.Range(0, csv.Parser.Count).Select(i => csv.Parser[i]).ToArray();
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            var problems = new List<string>();
            var priority = ReadPriority(Field(csv, "priority"), problems);
            var startAt = ReadStartAt(Field(csv, "startat"), problems);
            if (BatchRow.ReadMode(Field(csv, "mode"), out var mode) is { } modeProblem) problems.Add(modeProblem);
            rows.Add(new BatchRow(csv.Parser.Row, Field(csv, "userid"), Field(csv, "targetpostoffice"), priority, startAt, problems, mode));
        }
        return rows;
    }

    private static string? Field(CsvReader csv, string column) =>
        csv.TryGetField<string>(column, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

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
