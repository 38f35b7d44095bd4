using System.Buffers;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// What a message's bytes ask of an APPEND: a bare LF becomes CRLF (IMAP's lines end in CRLF), and a NUL or a bare CR
/// needs a literal8: a plain literal may not hold a NUL, and Dovecot turns a bare CR before another CR or at the end of
/// the message into a line break.
/// </summary>
internal sealed record MessageBytes(bool HasBareLineFeed, bool NeedsLiteral8)
{
    private static readonly SearchValues<byte> Special = SearchValues.Create([(byte)'\r', (byte)'\n', 0]);

    public static MessageBytes Scan(Stream spool)
    {
        spool.Position = 0;
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            bool bareLineFeed = false, literal8 = false;
            // A CR ends the previous chunk: whether it is bare depends on this chunk's first byte.
            var previous = (byte)0;
            int read;
            while ((read = spool.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                if (previous == (byte)'\r' && chunk[0] != (byte)'\n') literal8 = true;
                for (var at = chunk.IndexOfAny(Special); at >= 0; at = Next(chunk, at))
                {
                    switch (chunk[at])
                    {
                        case 0:
                            literal8 = true;
                            break;
                        case (byte)'\n' when (at == 0 ? previous : chunk[at - 1]) != (byte)'\r':
                            bareLineFeed = true;
                            break;
                        case (byte)'\r' when at + 1 < chunk.Length && chunk[at + 1] != (byte)'\n':
                            literal8 = true;
                            break;
                    }
                }
                previous = chunk[^1];
            }
            if (previous == (byte)'\r') literal8 = true;
            return new MessageBytes(bareLineFeed, literal8);
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
