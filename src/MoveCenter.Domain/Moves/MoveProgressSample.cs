namespace MoveCenter.Domain.Moves;

/// <summary>A point of a move's progress over time: the throughput chart and the ETA are computed from these.</summary>
public sealed class MoveProgressSample
{
    private MoveProgressSample() { }

    public MoveProgressSample(Guid moveId, DateTime at, int itemsMoved, long bytesMoved)
    {
        MoveId = moveId;
        At = at;
        ItemsMoved = itemsMoved;
        BytesMoved = bytesMoved;
    }

    public long Id { get; private set; }
    public Guid MoveId { get; private set; }
    public DateTime At { get; private set; }
    public int ItemsMoved { get; private set; }
    public long BytesMoved { get; private set; }
}
