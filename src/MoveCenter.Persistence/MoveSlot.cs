namespace MoveCenter.Persistence;

/// <summary>
/// One of a post office's move slots (<see cref="Domain.Directory.PostOffice.MaxConcurrentMoves"/>). The primary key
/// (post office, slot number) lets the database, not a process, decide who holds a slot; a slot whose move no longer
/// runs is free again, so a node that dies leaks none.
/// </summary>
public sealed class MoveSlot
{
    public int PostOfficeId { get; set; }
    public int SlotNumber { get; set; }
    public Guid? MoveId { get; set; }
    public DateTime? ClaimedAt { get; set; }
}
