namespace MoveCenter.Persistence;

/// <summary>
/// The change feed: one row per saved change of a move. Every web node reads it in order, so a change made by the
/// engine on any node reaches every open status page.
/// </summary>
public sealed class MoveChange
{
    public long Id { get; set; }
    public Guid MoveId { get; set; }
    public DateTime At { get; set; }
}
