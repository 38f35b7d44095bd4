using System.Buffers;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A message held in a buffer rented from a pool and given back when the stream is disposed. A move reads thousands of
/// messages a minute; fresh buffers of these sizes land on the large object heap and cost a full collection every few
/// hundred messages.
/// </summary>
internal sealed class PooledMessageBuffer : MemoryStream
{
    /// <summary>Messages up to this size are held in memory; larger ones are streamed or spooled to a file.</summary>
    public const int MaxLength = 1024 * 1024;

    /// <summary>Enough for every lane of several moves to hold its read-ahead and append batches at once.</summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(2 * MaxLength, maxArraysPerBucket: 128);

    private byte[]? _rented;

    private PooledMessageBuffer(byte[] rented, int length) : base(rented, 0, length, writable: false, publiclyVisible: true) =>
        _rented = rented;

    /// <summary>Reads exactly <paramref name="length"/> bytes, as a server announced them.</summary>
    public static async Task<PooledMessageBuffer> ReadExactlyAsync(Stream source, int length, CancellationToken cancellationToken)
    {
        var rented = Pool.Rent(length);
        try
        {
            await source.ReadExactlyAsync(rented.AsMemory(0, length), cancellationToken);
            return new PooledMessageBuffer(rented, length);
        }
        catch
        {
            Pool.Return(rented);
            throw;
        }
    }

    /// <summary>A copy of bytes held elsewhere.</summary>
    public static PooledMessageBuffer CopyOf(ReadOnlySpan<byte> bytes)
    {
        var rented = Pool.Rent(bytes.Length);
        bytes.CopyTo(rented);
        return new PooledMessageBuffer(rented, bytes.Length);
    }

    /// <summary>
    /// Reads the source to its end into a buffer sized from <paramref name="expectedLength"/>. A source longer than its
    /// buffer goes on in the stream <paramref name="overflow"/> creates, which then holds every byte and is returned instead.
    /// </summary>
    public static async Task<Stream> ReadAsync(Stream source, int expectedLength, Func<Stream> overflow, CancellationToken cancellationToken)
    {
        // One byte more than expected, so a source that holds exactly what it announced never needs the overflow.
        var rented = Pool.Rent(Math.Min(expectedLength, MaxLength) + 1);
        Stream? spill = null;
        try
        {
            var filled = 0;
            int read;
            while (filled < rented.Length && (read = await source.ReadAsync(rented.AsMemory(filled), cancellationToken)) > 0)
                filled += read;
            if (filled < rented.Length) return new PooledMessageBuffer(rented, filled);

            spill = overflow();
            await spill.WriteAsync(rented.AsMemory(0, filled), cancellationToken);
            await source.CopyToAsync(spill, cancellationToken);
            Pool.Return(rented);
            return spill;
        }
        catch
        {
            Pool.Return(rented);
            if (spill is not null) await spill.DisposeAsync();
            throw;
        }
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _rented, null) is { } rented) Pool.Return(rented);
    }
}
