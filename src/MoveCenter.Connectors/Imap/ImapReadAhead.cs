using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Reads the small messages a session was told it will open next several at a time, in one UID FETCH BODY.PEEK[]:
/// one command per message costs a round trip and the server's per-command work each time. Large messages are left
/// to <see cref="ImapMessageStream"/>, so memory is bounded by <see cref="BatchBytes"/>, not by message size.
/// </summary>
internal sealed class ImapReadAhead(ImapBodyReader bodies)
{
    public const long SmallMessage = 256 * 1024;
    private const long BatchBytes = 4 * 1024 * 1024;
    private const int BatchCount = 100;

    private readonly Dictionary<string, PooledMessageBuffer> _read = new(StringComparer.Ordinal);
    private FolderPath? _folder;
    private IReadOnlyList<PlannedRead> _planned = [];
    private Dictionary<string, int> _positions = new(StringComparer.Ordinal);

    public void Expect(FolderPath folder, IReadOnlyList<PlannedRead> messages)
    {
        _folder = folder;
        _planned = messages;
        _positions = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < messages.Count; i++) _positions.TryAdd(messages[i].SourceKey, i);
        Drop();
    }

    private void Drop()
    {
        foreach (var unopened in _read.Values) unopened.Dispose();
        _read.Clear();
    }

    /// <summary>
    /// The message in memory, read together with the small planned messages after it; null when it was not planned, is
    /// large, is one MailKit cannot read, or the server did not return it (the caller then reads it alone and reports why).
    /// </summary>
    public async Task<MemoryStream?> TakeAsync(IMailFolder server, FolderPath folder, string sourceKey, UniqueId uid,
        Func<string, UniqueId?> parse, CancellationToken cancellationToken)
    {
        if (folder != _folder || !_positions.TryGetValue(sourceKey, out var position) || _planned[position].Size >= SmallMessage ||
            bodies.IsUnreadable(server, uid))
            return null;
        if (!_read.ContainsKey(sourceKey)) await ReadBatchAsync(server, position, uid, parse, cancellationToken);
        return _read.Remove(sourceKey, out var message) ? message : null;
    }

    private async Task ReadBatchAsync(IMailFolder server, int start, UniqueId first, Func<string, UniqueId?> parse, CancellationToken cancellationToken)
    {
        // Whatever an earlier batch read and nobody opened is dropped, so memory stays within one batch.
        Drop();
        var keys = new Dictionary<uint, PlannedRead> { [first.Id] = _planned[start] };
        var uids = new List<UniqueId> { first };
        var bytes = _planned[start].Size;
        for (var i = start + 1; i < _planned.Count && uids.Count < BatchCount; i++)
        {
            var next = _planned[i];
            if (next.Size >= SmallMessage || parse(next.SourceKey) is not { } uid || keys.ContainsKey(uid.Id) || bodies.IsUnreadable(server, uid))
                continue;
            if (bytes + next.Size > BatchBytes) break;
            keys[uid.Id] = next;
            uids.Add(uid);
            bytes += next.Size;
        }
        try
        {
            await ((ImapFolder)server).GetStreamsAsync(uids, async (_, _, uid, stream, ct) =>
            {
                if (!keys.TryGetValue(uid.Id, out var planned)) return;
                if (stream.Length != planned.Size)
                {
                    // Not the message: MailKit hands over "~" for a message Cyrus sends in a literal8, then throws.
                    bodies.MarkUnreadable(server, uid);
                    return;
                }
                _read[planned.SourceKey] = await PooledMessageBuffer.ReadExactlyAsync(stream, (int)stream.Length, ct);
            }, cancellationToken);
        }
        catch (ImapProtocolException)
        {
            // MailKit hands over "~" for a message Cyrus sends in a literal8 (caught above by its size), then gives up on
            // the literal. The server answers in UID order, so it stopped at the lowest UID it had not handed over
            // intact: those before it are kept, those after it are read in the next batch.
            var stopped = uids.Where(u => !_read.ContainsKey(keys[u.Id].SourceKey)).OrderBy(u => u.Id).Take(1).ToList();
            await bodies.LostOnAsync(server, stopped is [var at] ? at : null, cancellationToken);
        }
    }
}
