using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A range of a message as BINARY.PEEK[] returned it (in a buffer rented from the shared pool, given back on dispose),
/// with the sizes of the whole message as BODY[] and as BINARY[], which differ when the server decoded a
/// Content-Transfer-Encoding.
/// </summary>
internal sealed class BinaryRange(byte[] rented, int length, long? messageSize, long? binarySize) : IDisposable
{
    private byte[]? _rented = rented;

    public ReadOnlySpan<byte> Bytes => (_rented ?? throw new ObjectDisposedException(nameof(BinaryRange))).AsSpan(0, length);

    /// <summary>True when BINARY[] is as long as BODY[], so that the same offset names the same byte in both.</summary>
    public bool LinesUp => messageSize is not null && messageSize == binarySize;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _rented, null) is { } array) ArrayPool<byte>.Shared.Return(array);
    }
}

/// <summary>
/// A second connection of a session, used only to fetch ranges of messages that MailKit cannot: BINARY.PEEK[] (RFC 3516),
/// which MailKit does not send, and BODY.PEEK[] of a message the server answers in a literal8, which MailKit cannot
/// read. A literal8 may hold the NUL bytes a plain literal cannot. The folder is opened read-only (EXAMINE), so the
/// fetch sets no \Seen.
/// </summary>
internal sealed partial class ImapBinaryFetchConnection(ImapSideConnection connection) : IAsyncDisposable
{
    private (string Name, uint UidValidity)? _examined;

    public static async Task<ImapBinaryFetchConnection> OpenAsync(
        ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken) =>
        new(await ImapSideConnection.OpenAsync(settings, mailboxId, cancellationToken));

    /// <summary>
    /// BINARY.PEEK[]&lt;offset.length&gt; of the message; null when the server refuses it (say, a Content-Transfer-Encoding it
    /// cannot decode) or when the folder has another UIDVALIDITY here, so the UID may name another message.
    /// </summary>
    public Task<BinaryRange?> FetchAsync(string folderName, uint uidValidity, uint uid, long offset, int length, CancellationToken cancellationToken) =>
        FetchItemsAsync(folderName, uidValidity, uid,
            string.Create(CultureInfo.InvariantCulture, $"RFC822.SIZE BINARY.SIZE[] BINARY.PEEK[]<{offset}.{length}>"), cancellationToken);

    /// <summary>
    /// BODY.PEEK[]&lt;offset.length&gt; of the message, its bytes exactly as the server sent them in a literal or a literal8;
    /// null when the server returns no such message or when the folder has another UIDVALIDITY here.
    /// </summary>
    public Task<BinaryRange?> FetchBodyAsync(string folderName, uint uidValidity, uint uid, long offset, int length, CancellationToken cancellationToken) =>
        FetchItemsAsync(folderName, uidValidity, uid, string.Create(CultureInfo.InvariantCulture, $"BODY.PEEK[]<{offset}.{length}>"), cancellationToken);

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    private async Task<BinaryRange?> FetchItemsAsync(string folderName, uint uidValidity, uint uid, string items, CancellationToken cancellationToken)
    {
        if (!await ExamineAsync(folderName, uidValidity, cancellationToken)) return null;
        var tag = connection.NextTag();
        await connection.WriteAsync(string.Create(CultureInfo.InvariantCulture, $"{tag} UID FETCH {uid} ({items})\r\n"), cancellationToken);
        BinaryRange? range = null;
        try
        {
            while (true)
            {
                var line = await connection.Reader.ReadLineUpToLiteralAsync(cancellationToken);
                if (ImapSideConnection.IsTagged(line, tag))
                {
                    if (!ImapSideConnection.IsOk(line)) return null;
                    var found = range;
                    range = null;
                    return found;
                }
                var (text, bytes, count) = await ReadResponseAsync(line, cancellationToken);
                if (bytes is null) continue;
                if (range is null && Items(text, uid) is { } sizes) range = new BinaryRange(bytes, count, sizes.MessageSize, sizes.BinarySize);
                else ArrayPool<byte>.Shared.Return(bytes);
            }
        }
        finally
        {
            range?.Dispose();
        }
    }

    /// <summary>
    /// The rest of an untagged response that starts with <paramref name="line"/>: its text without literals, and the
    /// bytes of the BINARY[] or BODY[] literal it carries (any other literal is read and dropped).
    /// </summary>
    private async Task<(string Text, byte[]? Bytes, int Count)> ReadResponseAsync(string line, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        byte[]? binary = null;
        var count = 0;
        while (LiteralAtEnd().Match(line) is { Success: true } literal)
        {
            text.Append(line, 0, literal.Index);
            var size = int.Parse(literal.Groups["size"].Value, CultureInfo.InvariantCulture);
            var bytes = ArrayPool<byte>.Shared.Rent(size);
            await connection.Reader.ReadExactlyAsync(bytes.AsMemory(0, size), cancellationToken);
            if (binary is null && BinaryItemAtEnd().IsMatch(line[..literal.Index]))
            {
                binary = bytes;
                count = size;
            }
            else ArrayPool<byte>.Shared.Return(bytes);
            line = await connection.Reader.ReadLineUpToLiteralAsync(cancellationToken);
        }
        return (text.Append(line).ToString(), binary, count);
    }

    /// <summary>RFC822.SIZE and BINARY.SIZE[] (each when asked for) from the FETCH response for <paramref name="uid"/>; null when it is another one.</summary>
    private static (long? MessageSize, long? BinarySize)? Items(string text, uint uid)
    {
        if (FetchUid().Match(text) is not { Success: true } fetched || fetched.Groups["uid"].Value != uid.ToString(CultureInfo.InvariantCulture))
            return null;
        return (Number(MessageSize().Match(text)), Number(BinarySize().Match(text)));

        static long? Number(Match match) => match.Success ? long.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture) : null;
    }

    private async Task<bool> ExamineAsync(string folderName, uint uidValidity, CancellationToken cancellationToken)
    {
        if (_examined == (folderName, uidValidity)) return true;
        _examined = null;
        var tag = connection.NextTag();
        await connection.WriteAsync($"{tag} EXAMINE {ImapSideConnection.Quote(ModifiedUtf7.Encode(folderName))}\r\n", cancellationToken);
        uint? validity = null;
        while (true)
        {
            var line = await connection.Reader.ReadLineAsync(cancellationToken);
            if (UidValidity().Match(line) is { Success: true } code) validity = uint.Parse(code.Groups["n"].Value, CultureInfo.InvariantCulture);
            if (!ImapSideConnection.IsTagged(line, tag)) continue;
            if (!ImapSideConnection.IsOk(line) || validity != uidValidity) return false;
            _examined = (folderName, uidValidity);
            return true;
        }
    }

    [GeneratedRegex(@"~?\{(?<size>\d+)\}$")]
    private static partial Regex LiteralAtEnd();

    [GeneratedRegex(@"(BINARY|BODY)\[\](<\d+>)? $", RegexOptions.IgnoreCase)]
    private static partial Regex BinaryItemAtEnd();

    [GeneratedRegex(@"^\* \d+ FETCH \(.*\bUID (?<uid>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex FetchUid();

    [GeneratedRegex(@"\bRFC822\.SIZE (?<n>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex MessageSize();

    [GeneratedRegex(@"\bBINARY\.SIZE\[\] (?<n>\d+)", RegexOptions.IgnoreCase)]
    private static partial Regex BinarySize();

    [GeneratedRegex(@"\[UIDVALIDITY (?<n>\d+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex UidValidity();
}
