namespace MoveCenter.Application.Notifications;

/// <summary>
/// How far a reader has read the change feed. Ids are handed out when a row is inserted, not when it commits, so with
/// concurrent writers on a server database a lower id can become visible after a higher one was read. The ids skipped
/// over are kept and read again until they show up, or until they are older than <see cref="GracePeriod"/>: then they
/// belonged to a transaction that rolled back.
/// </summary>
public sealed class ChangeFeedCursor(long last)
{
    /// <summary>Every transaction that writes change rows commits within seconds; a minute leaves a wide margin.</summary>
    public static readonly TimeSpan GracePeriod = TimeSpan.FromMinutes(1);

    /// <summary>A larger jump is the id sequence skipping ahead (SQL Server's identity cache after a restart), not open writers.</summary>
    private const long MaxTrackedGap = 1000;

    private readonly Dictionary<long, DateTime> _missing = [];

    public long Last { get; private set; } = last;

    /// <summary>Ids below <see cref="Last"/> not seen yet, which the next read asks for again.</summary>
    public IReadOnlyList<long> Missing => [.. _missing.Keys];

    /// <summary>Takes in the ids of a read, in ascending order, and forgets gaps older than the grace period.</summary>
    public void Advance(IEnumerable<long> ids, DateTime now)
    {
        foreach (var id in ids)
        {
            if (_missing.Remove(id) || id <= Last) continue;
            if (id - Last - 1 <= MaxTrackedGap)
                for (var skipped = Last + 1; skipped < id; skipped++) _missing[skipped] = now;
            Last = id;
        }
        foreach (var expired in _missing.Where(m => now - m.Value > GracePeriod).Select(m => m.Key).ToList())
            _missing.Remove(expired);
    }
}
