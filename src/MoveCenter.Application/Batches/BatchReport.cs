using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Batches;

/// <param name="DurationSeconds">From the move's start to its end, or to now while it runs; null before it starts.</param>
public sealed record BatchReportRow(
    Guid MoveId, string UserId, string SourcePostOffice, string TargetPostOffice, string Status, int ItemsMoved, int ItemsSkipped,
    long BytesMoved, long BytesTotal, double? DurationSeconds, string? LastError, string? Grade, IReadOnlyList<NotMovedCount> NotMoved);

/// <summary>One line per move of a batch: what the morning-after reader of an overnight batch needs.</summary>
public sealed class BatchReportHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, TimeProvider clock)
{
    /// <param name="showErrors">Admins read the server's words; others get the plain notice the helpdesk view gives.</param>
    public async Task<IReadOnlyList<BatchReportRow>> HandleAsync(Guid batchId, bool showErrors, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Batches.AnyAsync(b => b.Id == batchId, cancellationToken))
            throw RequestRejectedException.NotFound($"There is no batch with id {batchId}.");
        var moves = await db.Summaries(db.Moves.AsNoTracking().Where(m => m.BatchId == batchId)).ToListAsync(cancellationToken);
        var notMoved = await db.CountsAsync(db.Moves.Where(m => m.BatchId == batchId).Select(m => m.Id), cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        return moves.OrderBy(m => m.UserId, StringComparer.Ordinal).Select(m => new BatchReportRow(
            m.Id, m.UserId, m.SourcePostOffice, m.TargetPostOffice, m.Status.ToString(), m.ItemsMoved, m.ItemsSkipped, m.BytesMoved, m.BytesTotal,
            m.StartedAt is { } start ? Math.Round(((m.FinishedAt ?? now) - start).TotalSeconds, 1) : null,
            m.LastError is null || showErrors ? m.LastError : MovePlainWords.ErrorShownToAdmins, m.Grade?.ToString(), [.. notMoved[m.Id]])).ToList();
    }

    private static readonly string[] Columns =
        ["moveId", "userId", "sourcePostOffice", "targetPostOffice", "status", "itemsMoved", "itemsSkipped", "bytesMoved", "bytesTotal", "durationSeconds", "lastError", "grade", "notMoved"];

    public static async Task WriteCsvAsync(IEnumerable<BatchReportRow> rows, TextWriter text)
    {
        // Escape cells a spreadsheet would run as a formula: errors carry the servers' words.
        await using var csv = new CsvWriter(text, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape }, leaveOpen: true);
        // The columns are named as the JSON report names its fields, so a script reads either the same way.
        foreach (var column in Columns) csv.WriteField(column);
        await csv.NextRecordAsync();
        foreach (var row in rows)
        {
            csv.WriteField(row.MoveId);
            csv.WriteField(row.UserId);
            csv.WriteField(row.SourcePostOffice);
            csv.WriteField(row.TargetPostOffice);
            csv.WriteField(row.Status);
            csv.WriteField(row.ItemsMoved);
            csv.WriteField(row.ItemsSkipped);
            csv.WriteField(row.BytesMoved);
            csv.WriteField(row.BytesTotal);
            csv.WriteField(row.DurationSeconds?.ToString("0.#", CultureInfo.InvariantCulture));
            csv.WriteField(row.LastError);
            csv.WriteField(row.Grade);
            // One cell for a spreadsheet's filter: "Too large: 2; Refused by the target: 1".
            csv.WriteField(string.Join("; ", row.NotMoved.Select(n => $"{n.Name}: {n.Count}")));
            await csv.NextRecordAsync();
        }
        await csv.FlushAsync();
    }
}
