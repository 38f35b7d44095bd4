using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

/// <summary>The projection every move read goes through, so the list, the detail and live pushes show the same numbers.</summary>
internal static class MoveQueries
{
    public static IQueryable<MoveSummary> Summaries(this MoveCenterDbContext db, IQueryable<Move> moves) =>
        from move in moves
        join user in db.DirectoryUsers on move.UserId equals user.UserId into users
        from user in users.DefaultIfEmpty()
        join source in db.PostOffices on move.SourcePostOfficeId equals source.Id
        join target in db.PostOffices on move.TargetPostOfficeId equals target.Id
        select new MoveSummary(
            move.Id,
            move.UserId,
            user == null ? move.UserId : user.DisplayName,
            source.Name,
            target.Name,
            move.Status,
            move.Phase,
            move.InventoryTotal,
            move.ItemsMoved,
            move.ItemsSkipped,
            move.InventoryTotal - move.ItemsMoved - move.ItemsSkipped < 0 ? 0 : move.InventoryTotal - move.ItemsMoved - move.ItemsSkipped,
            move.BytesTotal,
            move.BytesMoved,
            move.Restarts,
            move.CreatedAt,
            move.StartedAt,
            move.FinishedAt,
            move.LastActivityAt,
            move.NotBefore,
            move.WaitReason,
            move.LastError,
            move.RecentBytesPerSecond,
            move.RetryCause,
            move.Priority,
            move.BatchId,
            move.Grade,
            move.Status == MoveStatus.Stalled && move.ItemsAwaitingApproval > 0);

    public static Task<MoveSummary?> FindSummaryAsync(this MoveCenterDbContext db, Guid moveId, CancellationToken cancellationToken) =>
        db.Summaries(db.Moves.AsNoTracking().Where(m => m.Id == moveId)).FirstOrDefaultAsync(cancellationToken);

    public static Task<PostOffice?> FindPostOfficeAsync(this MoveCenterDbContext db, string name, CancellationToken cancellationToken) =>
        db.PostOffices.FirstOrDefaultAsync(p => p.Name == name, cancellationToken);
}
