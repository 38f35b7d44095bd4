using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Batches;

public sealed record BatchPage(IReadOnlyList<BatchView> Items, int TotalCount);

public sealed record BatchMoveStatus(Guid Id, string UserId, MoveStatus Status);

/// <param name="Status">Read from the moves: Queued (none began), Running (some unfinished), Completed (all), Cancelled (all) or Finished (done, some not completed).</param>
/// <param name="EstimatedCompletion">UTC: when the last unfinished move should be done, by the forecast; when it was, once all are; null while nothing is measured.</param>
/// <param name="Windows">The batch's own move windows in words, or null when it has none (its post offices' windows still apply).</param>
public sealed record BatchView(
    Guid Id, string Name, string Status, DateTime CreatedAt, string CreatedBy, DateTime? StartAt,
    IReadOnlyDictionary<MoveStatus, int> Counts, long BytesTotal, long BytesMoved, DateTime? EstimatedCompletion,
    BatchForecast Forecast, IReadOnlyList<BatchMoveStatus> Moves, string? Windows)
{
    public double ProgressPercent => BytesTotal > 0 ? Math.Min(100, 100.0 * BytesMoved / BytesTotal) : Status == "Completed" ? 100 : 0;
}

/// <summary>Where batches stand, read from their moves each time, so a batch never disagrees with its moves.</summary>
public sealed class BatchQueries(IDbContextFactory<MoveCenterDbContext> dbFactory, TimeProvider clock)
{
    public const int MaxPageSize = 200;

    public async Task<BatchPage> ListAsync(int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var total = await db.Batches.CountAsync(cancellationToken);
        var batches = await db.Batches.AsNoTracking().OrderByDescending(b => b.CreatedAt)
            .Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)).ToListAsync(cancellationToken);
        var views = new List<BatchView>();
        foreach (var batch in batches) views.Add(await ViewAsync(db, batch, cancellationToken));
        return new BatchPage(views, total);
    }

    public async Task<BatchView?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken);
        return batch is null ? null : await ViewAsync(db, batch, cancellationToken);
    }

    /// <summary>A page of the batch's moves (of one status, if given) as the Move User Status list shows them, by user id.</summary>
    public async Task<MovePage> MovesAsync(Guid id, MoveStatus? status, int skip, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var moves = db.Moves.AsNoTracking().Where(m => m.BatchId == id && (status == null || m.Status == status));
        var items = await db.Summaries(moves.OrderBy(m => m.UserId).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)))
            .ToListAsync(cancellationToken);
        return new MovePage(items, await moves.CountAsync(cancellationToken));
    }

    /// <summary>A batch's status from its moves' (status, began): <see cref="BatchView.Status"/> says what each means.</summary>
    public static string StatusOf(IReadOnlyCollection<(MoveStatus Status, bool Started)> moves) =>
        moves.Any(m => !m.Status.IsTerminal())
            ? moves.All(m => m.Status == MoveStatus.Queued && !m.Started) ? "Queued" : "Running"
            : moves.All(m => m.Status == MoveStatus.Completed) ? "Completed"
            : moves.All(m => m.Status == MoveStatus.Cancelled) ? "Cancelled"
            : "Finished";

    private static DateTime Later(DateTime now, DateTime? startAt) => startAt is { } at && at > now ? at : now;

    private async Task<BatchView> ViewAsync(MoveCenterDbContext db, Batch batch, CancellationToken cancellationToken)
    {
        var moves = await db.Moves.AsNoTracking().Where(m => m.BatchId == batch.Id).OrderBy(m => m.UserId)
            .Select(m => new
            {
                m.Id, m.UserId, m.Status, m.SourcePostOfficeId, m.TargetPostOfficeId, m.BytesTotal, m.BytesMoved,
                m.InventoryTakenAt, m.StartedAt, m.FinishedAt,
            })
            .ToListAsync(cancellationToken);
        var counts = Enum.GetValues<MoveStatus>().ToDictionary(s => s, s => moves.Count(m => m.Status == s));
        var unfinished = moves.Where(m => !m.Status.IsTerminal()).ToList();
        var forecast = await BatchForecaster.ForecastAsync(db, unfinished
            .Select(m => new PlannedMove(m.SourcePostOfficeId, m.TargetPostOfficeId, m.InventoryTakenAt is null ? null : Math.Max(0, m.BytesTotal - m.BytesMoved)))
            .ToList(), Later(clock.GetUtcNow().UtcDateTime, batch.StartAt), batch, cancellationToken);
        DateTime? completion = unfinished.Count == 0 ? moves.Max(m => m.FinishedAt) : forecast.EstimatedCompletion;
        var status = StatusOf(moves.Select(m => (m.Status, Started: m.StartedAt is not null)).ToList());
        return new BatchView(batch.Id, batch.Name, status, batch.CreatedAt, batch.CreatedBy, batch.StartAt, counts,
            moves.Sum(m => m.BytesTotal), moves.Sum(m => m.BytesMoved), completion, forecast,
            moves.Select(m => new BatchMoveStatus(m.Id, m.UserId, m.Status)).ToList(), batch.Schedule.AlwaysOpen ? null : batch.Schedule.Describe());
    }
}
