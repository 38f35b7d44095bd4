using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>
/// The order in which moves get their turn, both to be dispatched and to take a move slot: moves restarted after their
/// worker died first, then by priority (higher first, as an admin or a batch row set it), then the oldest. The one
/// place that order is written, so a new criterion goes here.
/// </summary>
public static class QueueOrder
{
    public static IOrderedQueryable<Move> BestFirst(this IQueryable<Move> moves) =>
        moves.OrderByDescending(m => m.RestartWithPriority).ThenByDescending(m => m.Priority).ThenBy(m => m.CreatedAt).ThenBy(m => m.Id);
}
