using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>
/// Retry cleanup: try now to remove the source mailbox a purge could not remove, after the admin removed the cause.
/// The next supervisor pass on any node makes the attempt; a failure starts a fresh retry schedule.
/// </summary>
public sealed class RetryCleanupHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, AuditTrail audit, TimeProvider clock)
{
    public async Task<SourceCleanupView> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.Moves.SingleOrDefaultAsync(m => m.Id == moveId, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no move with id {moveId}.");
        var cleanup = await db.PendingCleanups.Where(c => c.MoveId == moveId && c.State != CleanupState.Done)
            .OrderByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken)
            ?? throw RequestRejectedException.Conflict($"The move of {move.UserId} has no cleanup left to do: its source mailbox was removed, or kept on purpose.");
        var now = clock.GetUtcNow().UtcDateTime;
        cleanup.Retry(actor, options.Value.Retry, now);
        move.Note(now, MoveEventKind.AdminAction, "Cleanup of the source mailbox retried; it is tried again now.", actor);
        var postOffice = await db.PostOffices.Where(p => p.Id == cleanup.PostOfficeId).Select(p => p.Name).SingleAsync(cancellationToken);
        audit.Record(db, actor, AuditActions.MoveCleanupRetry, AuditActions.MoveTarget(move.UserId, moveId), $"Source mailbox on {postOffice}");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw RequestRejectedException.Conflict("The move changed while the cleanup was retried; try again.");
        }
        return (await db.ForMoveAsync(moveId, cancellationToken))!;
    }
}
