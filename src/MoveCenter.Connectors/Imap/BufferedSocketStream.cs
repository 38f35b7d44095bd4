using System.Net.Sockets;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// The connection under MailKit, with reads and writes of 64 KB. MailKit reads and writes its own 4 KB at a time, so
/// over its own socket stream a 70 KB message costs about 18 receive and 18 send calls, each with a timer set up for
/// its timeout: the largest share of the mover's CPU went to the kernel and to that bookkeeping. Here one call moves
/// what the socket has, and a write reaches the server when MailKit flushes (after each command line and literal,
/// before it waits for an answer), or when 64 KB are waiting. Reads and writes keep separate buffers, because IMAP
/// lets a server speak while a client writes.
/// </summary>
internal sealed class BufferedSocketStream(Socket socket) : Stream
{
    private const int BufferSize = 64 * 1024;

    private readonly byte[] _input = new byte[BufferSize];
    private readonly byte[] _output = new byte[BufferSize];
    private int _inputStart;
    private int _inputEnd;
    private int _outputLength;

    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override bool CanTimeout => true;

    /// <summary>MailKit sets its client timeout here; a server that sends nothing for that long is taken for gone.</summary>
    public override int ReadTimeout { get; set; } = Timeout.Infinite;

    public override int WriteTimeout { get; set; } = Timeout.Infinite;

    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.Length == 0) return 0;
        if (_inputStart == _inputEnd)
        {
            // A caller asking for at least a whole buffer gets the bytes straight from the socket, without a copy.
            if (buffer.Length >= BufferSize) return await ReceiveAsync(buffer, cancellationToken);
            _inputStart = 0;
            _inputEnd = await ReceiveAsync(_input, cancellationToken);
            if (_inputEnd == 0) return 0;
        }
        var count = Math.Min(buffer.Length, _inputEnd - _inputStart);
        _input.AsMemory(_inputStart, count).CopyTo(buffer);
        _inputStart += count;
        return count;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (buffer.Length > 0)
        {
            if (_outputLength == 0 && buffer.Length >= BufferSize)
            {
                await SendAsync(buffer, cancellationToken);
                return;
            }
            var count = Math.Min(buffer.Length, BufferSize - _outputLength);
            buffer[..count].CopyTo(_output.AsMemory(_outputLength));
            _outputLength += count;
            buffer = buffer[count..];
            if (_outputLength == BufferSize) await FlushAsync(cancellationToken);
        }
    }

    public override async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_outputLength == 0) return;
        var length = _outputLength;
        _outputLength = 0;
        await SendAsync(_output.AsMemory(0, length), cancellationToken);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // MailKit's synchronous methods are not used by the connector; these keep the stream whole for any that are.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() => FlushAsync(CancellationToken.None).GetAwaiter().GetResult();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) socket.Dispose();
        base.Dispose(disposing);
    }

    private async ValueTask<int> ReceiveAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        using var timeout = Deadline(ReadTimeout, cancellationToken);
        try
        {
            return await socket.ReceiveAsync(buffer, SocketFlags.None, timeout?.Token ?? cancellationToken);
        }
        catch (OperationCanceledException) when (timeout is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the server sent nothing for {ReadTimeout / 1000} s", new TimeoutException());
        }
    }

    private async ValueTask SendAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        using var timeout = Deadline(WriteTimeout, cancellationToken);
        try
        {
            while (buffer.Length > 0)
            {
                var sent = await socket.SendAsync(buffer, SocketFlags.None, timeout?.Token ?? cancellationToken);
                buffer = buffer[sent..];
            }
        }
        catch (OperationCanceledException) when (timeout is not null && !cancellationToken.IsCancellationRequested)
        {
            throw new IOException($"the server took nothing for {WriteTimeout / 1000} s", new TimeoutException());
        }
    }

    private static CancellationTokenSource? Deadline(int milliseconds, CancellationToken cancellationToken)
    {
        if (milliseconds == Timeout.Infinite) return null;
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        source.CancelAfter(milliseconds);
        return source;
    }
}
