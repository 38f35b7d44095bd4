using MailKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A message's exact bytes (BODY.PEEK[], so \Seen is not set) fetched in partial chunks as the reader asks, so that a
/// large message never sits in memory whole, each chunk read by <see cref="ImapBodyReader"/>.
/// The session must not be used for anything else until it is read.
/// </summary>
internal sealed class ImapMessageStream(IMailFolder folder, UniqueId uid, ImapBodyReader bodies, PooledMessageBuffer firstChunk) : Stream
{
    public const int ChunkSize = 1024 * 1024;

    private Stream _chunk = firstChunk;
    private long _position;
    private bool _atEnd = firstChunk.Length < ChunkSize;

    /// <summary>The last byte of the chunk read last, which tells whether a 0x80 that starts the next may be a NUL.</summary>
    private byte _lastByte = LastByte(firstChunk);

    /// <summary>Reads the first chunk, so that a message no longer there is reported here rather than at the first read.</summary>
    public static async Task<ImapMessageStream> OpenAsync(IMailFolder folder, UniqueId uid, ImapBodyReader bodies, CancellationToken cancellationToken) =>
        new(folder, uid, bodies, await bodies.ReadAsync(folder, uid, 0, ChunkSize, 0, cancellationToken));

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var read = await _chunk.ReadAsync(buffer, cancellationToken);
            if (read > 0 || buffer.Length == 0)
            {
                _position += read;
                return read;
            }
            if (_atEnd) return 0;
            await _chunk.DisposeAsync();
            _chunk = Null;
            PooledMessageBuffer chunk;
            try
            {
                chunk = await bodies.ReadAsync(folder, uid, _position, ChunkSize, _lastByte, cancellationToken);
            }
            catch (Exception e) when (ImapFailures.IsConnectionLoss(e))
            {
                // The server went away, not the message: the move waits for the post office instead of blaming the item.
                throw new PostOfficeUnavailableException($"the connection was lost while reading message {uid} at byte {_position}: {e.Message}", e);
            }
            catch (Exception e) when (e is CommandException or MessageNotFoundException)
            {
                throw new IOException($"reading message {uid} at byte {_position} failed: {e.Message}", e);
            }
            _chunk = chunk;
            _atEnd = chunk.Length < ChunkSize;
            _lastByte = LastByte(chunk);
        }
    }

    private static byte LastByte(PooledMessageBuffer chunk) => chunk.Length == 0 ? (byte)0 : chunk.GetBuffer()[(int)chunk.Length - 1];

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) _chunk.Dispose();
        base.Dispose(disposing);
    }
}
