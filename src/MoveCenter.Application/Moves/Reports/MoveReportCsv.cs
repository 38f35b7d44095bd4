using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;

namespace MoveCenter.Application.Moves.Reports;

/// <summary>
/// A move report as one table: a line per item left behind, each with the move's own figures, so a spreadsheet filters
/// and sums it as it is; a move that left nothing behind is one line with the item columns empty.
/// </summary>
public static class MoveReportCsv
{
    private static readonly string[] Columns =
    [
        "moveId", "userId", "sourcePostOffice", "targetPostOffice", "status", "grade", "itemsMoved", "itemsSkipped", "bytesMoved", "bytesTotal",
        "durationSeconds", "category", "folder", "date", "size", "subject", "serverWords", "skippedBy", "fix",
    ];

    public static async Task WriteAsync(MoveReport report, TextWriter text)
    {
        // Escape cells a spreadsheet would run as a formula: subjects and servers' words are other people's text.
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true);
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        var fixes = report.Categories.ToDictionary(c => c.Category, c => c.Fix);
        var lines = report.NotMoved.Count == 0 ? new NotMovedItem?[] { null } : report.NotMoved.Cast<NotMovedItem?>();
        foreach (var item in lines)
        {
            csv.WriteField(report.MoveId);
            csv.WriteField(report.UserId);
            csv.WriteField(report.SourcePostOffice);
            csv.WriteField(report.TargetPostOffice);
            csv.WriteField(report.Status);
            csv.WriteField(report.Grade);
            csv.WriteField(report.ItemsMoved);
            csv.WriteField(report.ItemsSkipped);
            csv.WriteField(report.BytesMoved);
            csv.WriteField(report.BytesTotal);
            csv.WriteField(report.DurationSeconds?.ToString("0.#", CultureInfo.InvariantCulture));
            csv.WriteField(item is null ? null : NotMovedFixes.Name(item.Category));
            csv.WriteField(item?.Folder);
            csv.WriteField(item?.Date?.ToString("u", CultureInfo.InvariantCulture));
            csv.WriteField(item?.Size);
            csv.WriteField(item?.Subject);
            csv.WriteField(item?.ServerWords);
            csv.WriteField(item?.SkippedBy);
            csv.WriteField(item is null ? null : fixes.GetValueOrDefault(item.Category));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
