using System.Buffers;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// What a message's bytes ask of an APPEND: a bare LF becomes CRLF (IMAP's lines end in CRLF), and a NUL needs a
/// literal8, because a plain literal may not hold one (RFC 3501's CHAR8 starts at 0x01).
/// </summary>
internal sealed record MessageBytes(bool HasBareLineFeed, bool NeedsLiteral8)
{
    private static readonly SearchValues<byte> Special = SearchValues.Create([(byte)'\n', 0]);

    public static MessageBytes Scan(Stream spool)
    {
        spool.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            bool bareLineFeed = false, nul = false;
            // The byte before each chunk, for an LF that starts it.
            var previous = (byte)0;
            int read;
            while ((read = spool.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                for (var at = chunk.IndexOfAny(Special); at >= 0; at = Next(chunk, at))
                {
                    if (chunk[at] == 0) nul = true;
                    else if ((at == 0 ? previous : chunk[at - 1]) != (byte)'\r') bareLineFeed = true;
                }
                previous = chunk[^1];
            }
            return new MessageBytes(bareLineFeed, nul);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static int Next(ReadOnlySpan<byte> chunk, int at)
    {
        var next = chunk[(at + 1)..].IndexOfAny(Special);
        return next < 0 ? -1 : at + 1 + next;
    }
}
