using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using CsvHelper;
using CsvHelper.Configuration;

namespace MoveCenter.Application.Common;

/// <summary>The columns a CSV file must and may have, as a person writes them in its first line.</summary>
public sealed record CsvColumns(IReadOnlyList<string> Required, IReadOnlyList<string> Optional)
{
    /// <summary>The header as the pages and errors show it: <c>userId,postOffice[,displayName][,email]</c>.</summary>
    public string Header => string.Join(",", Required) + string.Concat(Optional.Select(column => $"[,{column}]"));

    internal bool Knows(string column) => Required.Concat(Optional).Any(known => Key(known) == column);

    internal static string Key(string column) => column.Trim().ToLowerInvariant();
}

/// <summary>
/// One line of a CSV file: its values by column (any case), numbered as the file's lines are (the header is line 1), with
/// what could not be read in it (more values than columns).
/// </summary>
public sealed record CsvLine(int Row, IReadOnlyDictionary<string, string> Values, IReadOnlyList<string> Problems)
{
    /// <summary>The trimmed value of <paramref name="column"/>, or null when the line leaves it empty or out.</summary>
    public string? this[string column] => Values.TryGetValue(CsvColumns.Key(column), out var value) && value.Length > 0 ? value : null;
}

/// <summary>
/// Reads the CSV files people upload (users, batches): UTF-8 only, because a file saved in another encoding would turn
/// names into other names without a word; a header row naming the columns in any order and case; a line whose values
/// cannot be read becomes a problem of that line, never of the whole file. Only what makes every line meaningless (no
/// text, no header, a missing or unknown column, too many lines) refuses the file.
/// </summary>
public static class CsvTable
{
    public const long MaxFileBytes = 5 * 1024 * 1024;
    public const int MaxRows = 10_000;

    private static readonly CsvConfiguration Configuration = new(CultureInfo.InvariantCulture)
    {
        TrimOptions = TrimOptions.Trim,
        PrepareHeaderForMatch = args => CsvColumns.Key(args.Header),
        MissingFieldFound = null,
        BadDataFound = null,
    };

    /// <summary>
    /// The text of an uploaded file: UTF-8 (with or without its byte order mark) or UTF-16 with its byte order mark. Any
    /// other encoding is refused naming the first line that is not UTF-8.
    /// </summary>
    public static async Task<string> DecodeAsync(Stream file, CancellationToken cancellationToken)
    {
        var buffer = new MemoryStream();
        var chunk = ArrayPool<byte>.Shared.Rent(81_920);
        try
        {
            int read;
            while ((read = await file.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxFileBytes)
                    throw RequestRejectedException.InvalidField("file", $"The file is larger than {Counted.Bytes(MaxFileBytes)}; split it into smaller files.");
                buffer.Write(chunk, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(chunk);
        }
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    private static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE])) return Encoding.Unicode.GetString(bytes[2..]);
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF])) return Encoding.BigEndianUnicode.GetString(bytes[2..]);
        if (bytes.StartsWith(Encoding.UTF8.Preamble)) bytes = bytes[Encoding.UTF8.Preamble.Length..];

        var text = new char[bytes.Length];
        if (Utf8.ToUtf16(bytes, text, out var valid, out var written, replaceInvalidSequences: false) == OperationStatus.Done)
            return new string(text, 0, written);
        var line = bytes[..valid].Count((byte)'\n') + 1;
        throw RequestRejectedException.InvalidField("file",
            $"The file is not UTF-8 text: line {line} holds the byte 0x{bytes[valid]:X2}, which UTF-8 does not allow there (a file saved as " +
            "Windows-1252 or Latin-1 looks like this). Save it as UTF-8 (in Excel: \"CSV UTF-8\") and send it again.");
    }

    /// <summary>The lines after the header, blank lines left out. <paramref name="what"/> names the file in errors ("a users file").</summary>
    public static IReadOnlyList<CsvLine> Read(TextReader text, CsvColumns columns, string what)
    {
        using var csv = new CsvReader(text, Configuration);
        if (!csv.Read() || !csv.ReadHeader())
            throw RequestRejectedException.InvalidField("file", $"The file is empty. The first line of {what} names the columns: {columns.Header}.");
        var header = csv.HeaderRecord!.Select(CsvColumns.Key).ToArray();
        var missing = columns.Required.Where(column => !header.Contains(CsvColumns.Key(column))).ToList();
        var unknown = csv.HeaderRecord!.Where(column => !columns.Knows(CsvColumns.Key(column))).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw RequestRejectedException.InvalidField("file",
                $"The first line of {what} must name the columns {columns.Header}; it has: {string.Join(",", csv.HeaderRecord!)}."
                + (missing.Count > 0 ? $" It lacks {string.Join(" and ", missing)}." : "")
                + (unknown.Count > 0 ? $" Unknown: {string.Join(", ", unknown)}." : ""));

        var lines = new List<CsvLine>();
        while (csv.Read())
        {
            var fields = Enumerable.Range(0, csv.Parser.Count).Select(i => csv.Parser[i] ?? "").ToArray();
            if (fields.All(string.IsNullOrWhiteSpace)) continue;
            if (lines.Count == MaxRows)
                throw RequestRejectedException.InvalidField("file", $"The file has more than {MaxRows:N0} lines after its header; split it into smaller files.");
            // Fewer values than columns leave the last ones empty; more mean a comma in a value that is not in quotes.
            IReadOnlyList<string> problems = fields.Length > header.Length
                ? [$"The line has {fields.Length} values where the first line names {header.Length} columns: put a value holding a comma in double quotes."]
                : [];
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < Math.Min(fields.Length, header.Length); i++) values[header[i]] = fields[i].Trim();
            lines.Add(new CsvLine(csv.Parser.Row, values, problems));
        }
        return lines;
    }
}
