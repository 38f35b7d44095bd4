using MimeKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A source message copied into a pooled buffer, or into a temporary file past 1 MB, because MailKit writes an
/// APPEND literal twice (once to measure it) and the source can be read only once.
/// </summary>
internal sealed class SpooledMessage : IAsyncDisposable
{
    private readonly Stream _spool;

    private SpooledMessage(Stream spool)
    {
        _spool = spool;
        var shape = MessageBytes.Scan(spool);
        NeedsLiteral8 = shape.NeedsLiteral8;
        Message = RawMimeMessage.Create(spool, shape);
    }

    /// <summary>The message to APPEND, written with <see cref="RawMimeMessage.Format"/>.</summary>
    public MimeMessage Message { get; }

    /// <inheritdoc cref="MessageBytes.NeedsLiteral8"/>
    public bool NeedsLiteral8 { get; }

    public long Length => _spool.Length;

    /// <summary>
    /// Reads the source, never parsing it; its failures come back as the error text, except a source post office
    /// that stopped answering, which is no fault of the message and is thrown.
    /// </summary>
    public static async Task<(SpooledMessage? Message, string? Error)> ReadAsync(OutgoingMessage outgoing, CancellationToken cancellationToken)
    {
        Stream? spool = null;
        try
        {
            var source = await outgoing.OpenContent(cancellationToken);
            // A source that already holds the message in memory (read ahead) is the spool itself: no second copy.
            if (source is MemoryStream { CanSeek: true } memory) spool = memory;
            else
                await using (source)
                    spool = await CopyAsync(source, outgoing.Size, cancellationToken);
            return (new SpooledMessage(spool), null);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PostOfficeUnavailableException)
        {
            if (spool is not null) await spool.DisposeAsync();
            return (null, e.Message);
        }
    }

    public ValueTask DisposeAsync()
    {
        Message.Dispose();
        return _spool.DisposeAsync();
    }

    private static async Task<Stream> CopyAsync(Stream source, long sizeHint, CancellationToken cancellationToken)
    {
        // Sized from the inventory, so the buffer is not regrown (and copied) on the way.
        if (sizeHint <= PooledMessageBuffer.MaxLength)
            return await PooledMessageBuffer.ReadAsync(source, (int)Math.Max(sizeHint, 0), TemporaryFile, cancellationToken);
        var file = TemporaryFile();
        try
        {
            await source.CopyToAsync(file, cancellationToken);
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    private static FileStream TemporaryFile() =>
        new(Path.Combine(Path.GetTempPath(), $"movecenter-append-{Guid.NewGuid():N}.eml"), FileMode.CreateNew, FileAccess.ReadWrite,
            FileShare.None, bufferSize: 81920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
}
