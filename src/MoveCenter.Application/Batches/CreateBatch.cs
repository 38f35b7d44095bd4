using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Batches;

/// <param name="DryRun">Check every row and forecast, but create nothing: the preview before a batch is made.</param>
/// <param name="Windows">Narrow the windows of the moves' post offices further, in <paramref name="TimeZone"/>; none leaves them as they are.</param>
/// <param name="Mode">The mode of every row that names none; null is switch-first.</param>
public sealed record CreateBatchRequest(
    string Name, DateTime? StartAt, IReadOnlyList<BatchRow> Rows, bool DryRun = false,
    string? TimeZone = null, IReadOnlyList<MoveWindowRequest>? Windows = null, MoveMode? Mode = null);

public sealed record RejectedRow(int Row, string? UserId, IReadOnlyList<string> Errors);

public sealed record AcceptedRow(int Row, string UserId, string SourcePostOffice, string TargetPostOffice, int Priority, DateTime? StartAt, Guid MoveId);

/// <param name="Id">The batch made, or null for a dry run and for a batch without any acceptable row (nothing is made).</param>
public sealed record CreateBatchResult(Guid? Id, IReadOnlyList<AcceptedRow> AcceptedRows, IReadOnlyList<RejectedRow> Rejected, BatchForecast Forecast)
{
    public int Accepted => AcceptedRows.Count;
}

public sealed class CreateBatchValidator : AbstractValidator<CreateBatchRequest>
{
    public CreateBatchValidator(TimeProvider clock)
    {
        RuleFor(r => r.Name).NotEmpty().WithMessage("Name the batch (name), so that people can tell it from the others.")
            .FitsColumn("name", Batch.NameMaxLength).WithoutControlCharacters("name");
        RuleFor(r => r.StartAt).Must(at => at is null || at.Value.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime + QueueMoveValidator.LatestStart)
            .WithMessage("startAt is more than a year ahead; check the year, or leave startAt out to start the moves now.");
        RuleFor(r => r.TimeZone).IsTimeZone();
        RuleFor(r => r.Windows).AreWindows();
        RuleFor(r => r.Rows).NotEmpty().WithMessage("The batch names no move: give at least one row (moves) with userId and targetPostOffice.")
            .Must(rows => rows.Count <= CsvTable.MaxRows).WithMessage($"A batch holds at most {CsvTable.MaxRows:N0} moves; split it.");
    }
}

/// <summary>
/// Creates a batch: each row goes through the same checks as a single move (<see cref="QueueMoveHandler.PrepareAsync"/>),
/// plus one a file needs, the same user twice. Rows that fail are reported with their row number and reasons; the
/// others become ordinary queued moves of the batch, saved together with the batch and its audit entry. A batch
/// without any acceptable row is not made.
/// </summary>
public sealed class CreateBatchHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IValidator<CreateBatchRequest> validator,
    QueueMoveHandler queue,
    MoveDispatcher dispatcher,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<CreateBatchHandler> logger)
{
    public async Task<CreateBatchResult> HandleAsync(CreateBatchRequest request, string actor, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batchId = Guid.NewGuid();
        var firstRowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var moves = new List<(BatchRow Row, Move Move)>();
        var rejected = new List<RejectedRow>();
        foreach (var row in request.Rows)
        {
            var errors = new List<string>(row.Problems);
            if (row.UserId is { } userId && !firstRowOf.TryAdd(userId, row.Row))
                errors.Add($"{userId} is in row {firstRowOf[userId]} already; a batch moves each user once.");
            try
            {
                var move = await queue.PrepareAsync(db,
                    new QueueMoveRequest(row.UserId ?? "", row.TargetPostOffice ?? "", row.StartAt ?? request.StartAt,
                        new QueueMoveOptions(Mode: row.Mode ?? request.Mode), row.Priority),
                    actor, batchId, cancellationToken);
                if (errors.Count == 0) moves.Add((row, move));
            }
            catch (RequestRejectedException rejection)
            {
                errors.AddRange(rejection.Errors.Count > 0 ? rejection.Errors.SelectMany(e => e.Value) : [rejection.Message]);
            }
            if (errors.Count > 0) rejected.Add(new RejectedRow(row.Row, row.UserId, errors.Distinct().ToList()));
        }

        var names = await db.PostOffices.AsNoTracking().ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var accepted = moves.Select(m => new AcceptedRow(m.Row.Row, m.Move.UserId, names[m.Move.SourcePostOfficeId], names[m.Move.TargetPostOfficeId],
            m.Move.Priority, m.Move.NotBefore, m.Move.Id)).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var startAt = request.StartAt is { } at ? DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc) : (DateTime?)null;
        var batch = Batch.Create(batchId, request.Name, startAt, actor, now);
        batch.ScheduleMoves(request.TimeZone ?? MoveSchedule.DefaultTimeZone, MoveWindowRules.Parsed(request.Windows));
        var forecast = await BatchForecaster.ForecastAsync(db,
            moves.Select(m => new PlannedMove(m.Move.SourcePostOfficeId, m.Move.TargetPostOfficeId, null)).ToList(),
            startAt is { } later && later > now ? later : now, batch, cancellationToken);
        if (request.DryRun || moves.Count == 0) return new CreateBatchResult(null, accepted, rejected, forecast);

        db.Batches.Add(batch);
        db.Moves.AddRange(moves.Select(m => m.Move));
        audit.Record(db, actor, AuditActions.BatchCreate, AuditActions.BatchTarget(batch.Name, batch.Id),
            $"{moves.Count} moves queued, {rejected.Count} rows rejected" + (startAt is { } start ? $", not before {start:u}" : "")
            + (batch.Schedule.AlwaysOpen ? "" : $", windows {batch.Schedule.Describe()}"));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // A user of the batch got a move of its own between the checks and this save (the one-active-move index).
            throw RequestRejectedException.Conflict("A user of this batch got a move in progress while the batch was checked; nothing was created. Send the batch again to see which row.");
        }
        logger.LogInformation("Batch {BatchId} ({BatchName}) of {Moves} moves created by {Actor}; {Rejected} rows rejected",
            batch.Id, batch.Name, moves.Count, actor, rejected.Count);

        foreach (var (_, move) in moves.Where(m => m.Move.NotBefore is null))
            await dispatcher.TryDispatchAsync(move.Id, cancellationToken);
        return new CreateBatchResult(batch.Id, accepted, rejected, forecast);
    }
}
