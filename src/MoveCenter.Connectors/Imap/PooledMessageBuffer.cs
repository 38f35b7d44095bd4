using System.Buffers;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A small message read ahead, held in a buffer rented from a pool and given back when the stream is disposed. A move
/// reads thousands of messages a minute; fresh buffers of these sizes land on the large object heap and cost a full
/// collection every few hundred messages.
/// </summary>
internal sealed class PooledMessageBuffer : MemoryStream
{
    /// <summary>Enough for every lane of several moves to hold a read-ahead batch at once.</summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create((int)ImapReadAhead.SmallMessage, maxArraysPerBucket: 256);

    private byte[]? _rented;

    private PooledMessageBuffer(byte[] rented, int length) : base(rented, 0, length, writable: false, publiclyVisible: true) =>
        _rented = rented;

    public static async Task<PooledMessageBuffer> ReadAsync(Stream source, int length, CancellationToken cancellationToken)
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

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (Interlocked.Exchange(ref _rented, null) is { } rented) Pool.Return(rented);
    }
}
