using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Engine;

/// <summary>
/// The byte rate a move may use: each post office's <see cref="PostOffice.MaxBytesPerSecond"/> is shared evenly by the
/// moves holding its move slots, on every node, so all of them together stay within it.
/// </summary>
public sealed class ByteRateLimits(MoveSlots slots)
{
    /// <returns>Bytes per second for this move, or null when neither post office limits it.</returns>
    public async Task<long?> ShareAsync(PostOffice source, PostOffice target, CancellationToken cancellationToken)
    {
        long? share = null;
        foreach (var postOffice in new[] { source, target }.Where(p => p.MaxBytesPerSecond > 0))
        {
            var moves = await slots.CountWorkingAsync(postOffice.Id, cancellationToken);
            var perMove = postOffice.MaxBytesPerSecond / Math.Max(1, moves);
            share = Math.Min(share ?? long.MaxValue, Math.Max(1, perMove));
        }
        return share;
    }
}

/// <summary>
/// Paces one move's transfer to its share of the byte rate limits: after each block, the lanes wait until the bytes
/// sent so far fit the rate. The share is asked again every few seconds, as moves start and end at the post offices.
/// </summary>
public sealed class TransferPace(Func<CancellationToken, Task<long?>> share, TimeProvider clock, TimeSpan longestPause)
{
    private static readonly TimeSpan ShareLifetime = TimeSpan.FromSeconds(5);

    private readonly Lock _lock = new();
    private long? _rate;
    private DateTimeOffset _rateAskedAt = DateTimeOffset.MinValue;
    private DateTimeOffset _since;
    private long _bytes;

    public async Task AfterAsync(long bytes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (now - _rateAskedAt > ShareLifetime)
        {
            var rate = await share(cancellationToken);
            lock (_lock)
            {
                // A new rate counts from now: bytes sent under the old one were paced by it.
                if (rate != _rate) (_since, _bytes) = (now, 0);
                (_rate, _rateAskedAt) = (rate, now);
            }
        }
        TimeSpan pause;
        lock (_lock)
        {
            if (_rate is not { } limit) return;
            _bytes += bytes;
            pause = _since + TimeSpan.FromSeconds(_bytes / (double)limit) - now;
        }
        // The watchdog takes a phase that records nothing for its progress timeout for a hung one.
        if (pause > TimeSpan.Zero) await Task.Delay(pause < longestPause ? pause : longestPause, clock, cancellationToken);
    }
}
