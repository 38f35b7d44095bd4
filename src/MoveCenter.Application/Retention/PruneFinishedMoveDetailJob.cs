using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Retention;

/// <summary>What one pruning run deleted.</summary>
public sealed record PrunedMoveDetail(int ProgressSamples, int LogLines);

/// <summary>
/// Deletes the progress samples and log lines of finished moves once they are older than <see cref="RetentionOptions"/>
/// allows. A running or stalled move keeps all of its own (its time left is computed from them); history and audit
/// are kept for ever. Safe to run twice: a second run finds nothing more to delete.
/// </summary>
[AutomaticRetry(Attempts = 0)]
[DisableConcurrentExecution(timeoutInSeconds: 60)]
public sealed class PruneFinishedMoveDetailJob(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IOptions<RetentionOptions> options,
    TimeProvider clock,
    ILogger<PruneFinishedMoveDetailJob> logger)
{
    public const string RecurringJobId = "prune-finished-move-detail";

    public async Task<PrunedMoveDetail> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var samplesBefore = now - options.Value.ProgressSamples;
        var linesBefore = now - options.Value.LogLines;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var finished = db.Moves.Where(m => m.FinishedAt != null).Select(m => m.Id);
        var samples = await db.MoveProgressSamples
            .Where(s => s.At < samplesBefore && finished.Contains(s.MoveId))
            .ExecuteDeleteAsync(cancellationToken);
        var lines = await db.MoveLogEntries
            .Where(l => l.At < linesBefore && finished.Contains(l.MoveId))
            .ExecuteDeleteAsync(cancellationToken);
        if (samples + lines > 0)
            logger.LogInformation("Pruned {Samples} progress samples and {Lines} log lines of finished moves", samples, lines);
        return new PrunedMoveDetail(samples, lines);
    }
}
