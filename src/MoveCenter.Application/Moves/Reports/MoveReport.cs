using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves.Reports;

/// <param name="DurationSeconds">From the move's start to its end, or to now while it runs; null before it starts.</param>
/// <param name="Grade">Given before the purge; null until then.</param>
public sealed record MoveReport(
    Guid MoveId, string UserId, string SourcePostOffice, string TargetPostOffice, string Status, string Phase, string? Grade, bool AwaitsApproval,
    int InventoryTotal, int ItemsMoved, int ItemsSkipped, long BytesMoved, long BytesTotal, double? DurationSeconds,
    IReadOnlyList<NotMovedCategoryView> Categories, IReadOnlyList<NotMovedItem> NotMoved);

/// <summary>What happened to one move: its numbers, its grade, and every item it did not move with the reason and the fix.</summary>
public sealed class MoveReportHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, TimeProvider clock)
{
    /// <param name="showMail">Admins read folders, subjects and the servers' words; the helpdesk reads the rest.</param>
    public async Task<MoveReport> HandleAsync(Guid moveId, bool showMail, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.FindSummaryAsync(moveId, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no move with id {moveId}.");
        var categories = await db.Of(moveId).CategoriesAsync( options.Value.LargeItemLimit, cancellationToken);
        var items = await db.PageAsync(moveId, 0, int.MaxValue, showMail, cancellationToken);
        return new MoveReport(move.Id, move.UserId, move.SourcePostOffice, move.TargetPostOffice, move.Status.ToString(), move.Phase.ToString(),
            move.Grade?.ToString(), move.AwaitsApproval, move.InventoryTotal, move.ItemsMoved, move.ItemsSkipped, move.BytesMoved, move.BytesTotal,
            move.StartedAt is { } start ? Math.Round(((move.FinishedAt ?? clock.GetUtcNow().UtcDateTime) - start).TotalSeconds, 1) : null,
            categories, items.Items);
    }
}
