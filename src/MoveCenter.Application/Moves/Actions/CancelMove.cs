using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Moves.Actions;

/// <summary>
/// Cancel. Before admin rename nothing changed, so the move is simply withdrawn. After it, the directory is put back:
/// the user lives on the source again, which still holds everything (it is purged only at the very end); what was
/// already copied stays at the target, because new mail may have reached the user there.
/// </summary>
public sealed class CancelMoveHandler(MoveActionRunner runner)
{
    public Task<MoveSummary> HandleAsync(Guid moveId, string actor, CancellationToken cancellationToken) =>
        runner.RunAsync(moveId, AuditActions.MoveCancel, actor, async (db, move, now) =>
        {
            if (move.Phase == MovePhase.Purge)
                throw new InvalidOperationException("The move is purging the source; it can no longer be cancelled.");
            move.Cancel(actor, now);
            if (move.Phase <= MovePhase.AdminRename) return;
            var user = await db.DirectoryUsers.SingleAsync(u => u.UserId == move.UserId, cancellationToken);
            user.Rehome(move.SourcePostOfficeId);
            user.ClearInTransit();
            var nicknames = await db.Nicknames.Where(n => n.MoveId == moveId).ToListAsync(cancellationToken);
            db.Nicknames.RemoveRange(nicknames);
            move.Note(now, MoveEventKind.Note, $"{move.UserId} lives on the source post office again; items already copied remain at the target.", actor);
        }, cancellationToken);
}
