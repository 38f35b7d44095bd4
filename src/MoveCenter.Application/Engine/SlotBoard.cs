namespace MoveCenter.Application.Engine;

/// <summary>
/// The move slots of every post office as one decision sees them: a slot is taken while the move holding it works
/// (see <see cref="MoveSlots"/>), free otherwise. Moves take slots from it in turn, best first, one at each of their
/// post offices or none, so a move never holds one side's slot while it waits for the other's.
/// </summary>
public sealed class SlotBoard(IEnumerable<SlotBoard.Slot> slots, IReadOnlyDictionary<int, int> limits)
{
    private readonly List<Slot> _slots = slots.ToList();

    public sealed class Slot(int postOfficeId, int slotNumber, Guid? moveId, bool holderWorks)
    {
        public int PostOfficeId { get; } = postOfficeId;
        public int SlotNumber { get; } = slotNumber;
        public Guid? MoveId { get; set; } = moveId;
        public bool HolderWorks { get; set; } = holderWorks;
    }

    /// <summary>Whether the move works and holds a slot at each of its post offices already.</summary>
    public bool Holds(Guid moveId, int source, int target) =>
        Sides(source, target).All(side => Owned(moveId, side.PostOfficeId) is { HolderWorks: true });

    /// <summary>
    /// Takes a slot at each of the move's post offices, preferring one it holds already; returns the slots taken, or
    /// nothing and the side ("source" or "target") whose post office has no slot free.
    /// </summary>
    public (IReadOnlyList<Slot> Taken, string? FullSide) Take(Guid moveId, int source, int target)
    {
        var picks = new List<Slot>();
        foreach (var (postOfficeId, side) in Sides(source, target))
        {
            var pick = Owned(moveId, postOfficeId) ?? _slots
                .Where(s => s.PostOfficeId == postOfficeId && WithinLimit(s) && (s.MoveId is null || !s.HolderWorks))
                .MinBy(s => s.SlotNumber);
            if (pick is null) return ([], side);
            picks.Add(pick);
        }
        foreach (var pick in picks) (pick.MoveId, pick.HolderWorks) = (moveId, true);
        return (picks, null);
    }

    private Slot? Owned(Guid moveId, int postOfficeId) =>
        _slots.FirstOrDefault(s => s.PostOfficeId == postOfficeId && s.MoveId == moveId && WithinLimit(s));

    private bool WithinLimit(Slot slot) => slot.SlotNumber <= limits.GetValueOrDefault(slot.PostOfficeId);

    /// <summary>A move needs one slot at its source and one at its target, one in all when they are the same post office.</summary>
    private static IEnumerable<(int PostOfficeId, string Side)> Sides(int source, int target) =>
        source == target ? [(source, "source")] : [(source, "source"), (target, "target")];
}
