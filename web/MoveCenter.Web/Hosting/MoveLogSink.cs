using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;
using Serilog.Core;
using Serilog.Events;

namespace MoveCenter.Web.Hosting;

/// <summary>
/// Keeps the events that carry a MoveId (every line written while working on a move) in the database, in batches,
/// so the move's page can show and search its log whichever node wrote it.
/// </summary>
public sealed class MoveLogSink(IDbContextFactory<MoveCenterDbContext> dbFactory) : IBatchedLogEventSink
{
    private const int MaxMessage = 4000;
    private const int MaxException = 8000;

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        var entries = batch.Select(ToEntry).OfType<MoveLogEntry>().ToList();
        if (entries.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync();
        db.MoveLogEntries.AddRange(entries);
        await db.SaveChangesAsync();
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    private static MoveLogEntry? ToEntry(LogEvent logEvent)
    {
        if (!logEvent.Properties.TryGetValue("MoveId", out var value)
            || value is not ScalarValue { Value: var raw }
            || !Guid.TryParse(raw?.ToString(), out var moveId))
            return null;
        var source = logEvent.Properties.TryGetValue("SourceContext", out var context) && context is ScalarValue { Value: string name }
            ? name[(name.LastIndexOf('.') + 1)..]
            : null;
        return new MoveLogEntry
        {
            MoveId = moveId,
            At = logEvent.Timestamp.UtcDateTime,
            Level = logEvent.Level.ToString(),
            Message = Clip(logEvent.RenderMessage(), MaxMessage)!,
            Exception = Clip(logEvent.Exception?.ToString(), MaxException),
            Source = source,
        };
    }

    private static string? Clip(string? text, int max) => text is null || text.Length <= max ? text : text[..max];
}
