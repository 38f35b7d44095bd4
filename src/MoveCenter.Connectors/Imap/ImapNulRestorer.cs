using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Gives back the NUL bytes a server replaced with 0x80 in a message read with BODY[] (Dovecot does), by fetching the
/// same range with BINARY.PEEK[] over a connection of its own, opened the first time a message needs it. Only bytes
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
        try
        {
            _binary ??= await ImapBinaryFetchConnection.OpenAsync(settings, mailboxId, cancellationToken);
            using var range = await _binary.FetchAsync(folder.FullName, folder.UidValidity, uid.Id, offset, body.Length, cancellationToken);
            if (range is { LinesUp: true }) NulReplacement.TryRestore(body.Span, range.Bytes);
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // A connection cut mid-answer cannot be used again; the next message that needs one opens another.
            await DisposeAsync();
            throw ImapFailures.Unavailable(settings, e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_binary is not null) await _binary.DisposeAsync();
        _binary = null;
    }
}
