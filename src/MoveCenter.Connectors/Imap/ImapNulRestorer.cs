using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// The NUL bytes of a message that MailKit does not get over the session's connection, fetched over a connection of
/// their own (<see cref="ImapBinaryFetchConnection"/>), opened the first time a message needs it: those a server
/// replaced with 0x80 in BODY[] (Dovecot does), and whole ranges a server sent in a literal8 (Cyrus does). Only bytes
/// that pass <see cref="NulReplacement.MayHide"/> cost more than a scan.
/// </summary>
internal sealed class ImapNulRestorer(ImapClient client, ImapConnectionSettings settings, string mailboxId) : IAsyncDisposable
{
    private ImapBinaryFetchConnection? _binary;

    /// <summary>Restores the NULs of <paramref name="body"/>, the bytes of the message at <paramref name="offset"/>, in place.</summary>
    /// <param name="previous">The message's byte before <paramref name="offset"/> (any ASCII byte at the start).</param>
    public async Task RestoreAsync(IMailFolder folder, UniqueId uid, long offset, byte previous, Memory<byte> body, CancellationToken cancellationToken)
    {
        if (!client.Capabilities.HasFlag(ImapCapabilities.Binary) || !NulReplacement.MayHide(body.Span, previous)) return;
        using var range = await OverSideConnectionAsync(
            binary => binary.FetchAsync(folder.FullName, folder.UidValidity, uid.Id, offset, body.Length, cancellationToken), cancellationToken);
        if (range is { LinesUp: true }) NulReplacement.TryRestore(body.Span, range.Bytes);
    }

    /// <summary>
    /// BODY.PEEK[]&lt;offset.length&gt; of the message as the server sends it, a literal8 included, which MailKit cannot read.
    /// </summary>
    /// <exception cref="MessageNotFoundException">The server returned no such message.</exception>
    public async Task<PooledMessageBuffer> ReadAsync(IMailFolder folder, UniqueId uid, long offset, int length, CancellationToken cancellationToken)
    {
        using var range = await OverSideConnectionAsync(
            binary => binary.FetchBodyAsync(folder.FullName, folder.UidValidity, uid.Id, offset, length, cancellationToken), cancellationToken);
        if (range is null) throw new MessageNotFoundException($"message {uid} is no longer in \"{folder.FullName}\"");
        return PooledMessageBuffer.CopyOf(range.Bytes);
    }

    public async ValueTask DisposeAsync()
    {
        if (_binary is not null) await _binary.DisposeAsync();
        _binary = null;
    }

    private async Task<BinaryRange?> OverSideConnectionAsync(Func<ImapBinaryFetchConnection, Task<BinaryRange?>> fetch, CancellationToken cancellationToken)
    {
        try
        {
            _binary ??= await ImapBinaryFetchConnection.OpenAsync(settings, mailboxId, cancellationToken);
            return await fetch(_binary);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A connection cut mid-answer cannot be used again; the next message that needs one opens another.
            await DisposeAsync();
            throw ImapFailures.Unavailable(settings, e);
        }
    }
}
