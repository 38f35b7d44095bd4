using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Batches;

public enum BatchAction
{
    Suspend,
    Resume,
    Cancel,
    /// <summary>Retry every move that failed or stalled, the ones that wait for a person.</summary>
    RetryFailed,
    /// <summary>Cut over every synced copy-first move of the batch now.</summary>
    Complete,
}

/// <summary>
/// A bulk action on a batch: the per-move action, through its own handler (with its rules, history and audit entry),
/// on every move of the batch it fits, plus one audit entry for the batch naming how many moves it reached. A move
/// that changed meanwhile so that the action no longer fits is left as it is and counted as refused.
/// </summary>
public sealed class BatchActionHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    SuspendMoveHandler suspend,
    ResumeMoveHandler resume,
    CancelMoveHandler cancel,
    RetryMoveHandler retry,
    CompleteMoveHandler complete,
    BatchQueries queries,
    AuditTrail audit)
{
    /// <summary>Whether the action fits a move as it stands, mirroring the rules of the per-move actions.</summary>
    public static bool Fits(BatchAction action, MoveStatus status, MovePhase phase) => action switch
    {
        BatchAction.Suspend => status is MoveStatus.Queued or MoveStatus.Running or MoveStatus.Waiting or MoveStatus.Stalled,
        BatchAction.Resume => status == MoveStatus.Suspended,
        BatchAction.Cancel => !status.IsTerminal() && phase != MovePhase.Purge,
        BatchAction.RetryFailed => status is MoveStatus.Failed or MoveStatus.Stalled,
        BatchAction.Complete => status == MoveStatus.Synced,
        _ => false,
    };

    public async Task<BatchView> HandleAsync(Guid batchId, BatchAction action, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no batch with id {batchId}.");
        var moves = await db.Moves.AsNoTracking().Where(m => m.BatchId == batchId).OrderBy(m => m.UserId)
            .Select(m => new { m.Id, m.UserId, m.Status, m.Phase }).ToListAsync(cancellationToken);

        var acted = 0;
        var refused = new List<string>();
        foreach (var move in moves.Where(m => Fits(action, m.Status, m.Phase)))
        {
            try
            {
                await (action switch
                {
                    BatchAction.Suspend => suspend.HandleAsync(move.Id, actor, cancellationToken),
                    BatchAction.Resume => resume.HandleAsync(move.Id, actor, cancellationToken),
                    BatchAction.Cancel => cancel.HandleAsync(move.Id, actor, cancellationToken),
                    BatchAction.Complete => complete.HandleAsync(move.Id, actor, cancellationToken),
                    _ => retry.HandleAsync(move.Id, actor, cancellationToken),
                });
                acted++;
            }
            catch (RequestRejectedException rejection)
            {
                refused.Add($"{move.UserId}: {rejection.Message}");
            }
        }

        audit.Record(db, actor, AuditAction(action), AuditActions.BatchTarget(batch.Name, batch.Id),
            $"{Counted.Of(acted, "move")} of {moves.Count} reached" + (refused.Count > 0 ? $"; refused: {string.Join("; ", refused)}" : ""));
        await db.SaveChangesAsync(cancellationToken);
        return (await queries.GetAsync(batchId, cancellationToken))!;
    }

    private static string AuditAction(BatchAction action) => action switch
    {
        BatchAction.Suspend => AuditActions.BatchSuspend,
        BatchAction.Resume => AuditActions.BatchResume,
        BatchAction.Cancel => AuditActions.BatchCancel,
        BatchAction.Complete => AuditActions.BatchComplete,
        _ => AuditActions.BatchRetryFailed,
    };
}
