using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

/// <summary>
/// The common path of every admin action: load the move, apply the change, save against the move's version, and
/// start it if it is queued again. A worker that saved in between makes the save fail; the action is then applied
/// again to the fresh state, so actions never overwrite the engine's progress. The audit entry is saved with the
/// change, so an action that took effect is recorded once and a refused one not at all.
/// </summary>
public sealed class MoveActionRunner(IDbContextFactory<MoveCenterDbContext> dbFactory, MoveDispatcher dispatcher, AuditTrail audit, TimeProvider clock)
{
    private const int Attempts = 5;

    /// <param name="auditAction">The action's name in the audit trail (<see cref="AuditActions"/>).</param>
    public async Task<MoveSummary> RunAsync(
        Guid moveId, string auditAction, string actor, Func<MoveCenterDbContext, Move, DateTime, Task> action, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            var move = await db.Moves.SingleOrDefaultAsync(m => m.Id == moveId, cancellationToken)
                ?? throw RequestRejectedException.NotFound($"There is no move with id {moveId}.");
            var before = move.Status;
            try
            {
                await action(db, move, clock.GetUtcNow().UtcDateTime);
                if (move.Status == MoveStatus.Queued) db.SetDispatchedAt(move, null);
            }
            catch (InvalidOperationException illegal)
            {
                throw RequestRejectedException.Conflict(illegal.Message);
            }
            audit.Record(db, actor, auditAction, AuditActions.MoveTarget(move.UserId, moveId), $"{before} -> {move.Status}");
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException)
            {
                if (attempt < Attempts) continue;
                throw RequestRejectedException.Conflict("The move kept changing while the action was applied; try again.");
            }
            catch (DbUpdateException) when (move.ActiveUserId is not null)
            {
                throw RequestRejectedException.Conflict($"{move.UserId} has another move in progress; finish or cancel that one first.");
            }
            if (move.Status == MoveStatus.Queued && move.NotBefore is null)
                await dispatcher.TryDispatchAsync(moveId, cancellationToken);
            return (await db.FindSummaryAsync(moveId, cancellationToken))!;
        }
    }
}
