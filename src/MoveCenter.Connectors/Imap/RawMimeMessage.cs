using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Makes MailKit APPEND a message's own bytes. MailKit only appends a <see cref="MimeMessage"/>, and a parsed message
/// is written back re-formed (a missing final line break or MIME close boundary gets added). So the header block goes
/// in as one header whose raw value is every header line, and the body as an entity that copies the source bytes;
/// only bare LFs become CRLF, which IMAP requires and servers do anyway.
/// A message without an empty line after its headers gains one: MimeKit always ends the header block with it.
/// </summary>
internal static class RawMimeMessage
{
    private const int MaxHeaderBlock = 1024 * 1024;

    /// <summary>Null when the message does not start with a header field, so it cannot be carried this way.</summary>
    public static MimeMessage? TryCreate(Stream spool)
    {
        var head = Head(spool);
        var colon = head.Span.IndexOf((byte)':');
        if (colon <= 0 || !head.Span[..colon].ToArray().All(IsFieldCharacter)) return null;
        var (headerEnd, bodyStart) = FindHeaderEnd(head.Span, spool.Length);
        if (headerEnd < 0) return null;

        var header = new Header(System.Text.Encoding.ASCII.GetString(head.Span[..colon]), string.Empty);
        header.SetRawValue(head.Span[(colon + 1)..headerEnd].ToArray());
        var message = new MimeMessage();
        message.Headers.Clear();
        message.Headers.Add(header);
        message.Body = new RawBody(spool, bodyStart);
        return message;
    }

    /// <summary>The first bytes, up to <see cref="MaxHeaderBlock"/>: a memory spool's own buffer, not a copy.</summary>
    private static ReadOnlyMemory<byte> Head(Stream spool)
    {
        var length = (int)Math.Min(spool.Length, MaxHeaderBlock);
        if (spool is MemoryStream memory && memory.TryGetBuffer(out var buffer)) return buffer.AsMemory(0, length);
        var head = new byte[length];
        spool.Position = 0;
        spool.ReadExactly(head);
        return head;
    }

    private static bool IsFieldCharacter(byte c) => c is > 32 and < 127;

    /// <summary>Where the header lines end (after their last line break) and where the body starts (after the empty line).</summary>
    private static (int HeaderEnd, long BodyStart) FindHeaderEnd(ReadOnlySpan<byte> head, long length)
    {
        for (var i = 0; i < head.Length; i++)
        {
            if (head[i] != (byte)'\n') continue;
            var next = i + 1;
            if (next < head.Length && head[next] == (byte)'\n') return (next, next + 1);
            if (next + 1 < head.Length && head[next] == (byte)'\r' && head[next + 1] == (byte)'\n') return (next, next + 2);
        }
        // Headers only, no empty line: the header block is everything, if it ends with a line break.
        return head.Length == length && head.Length > 0 && head[^1] == (byte)'\n' ? (head.Length, length) : (-1, -1);
    }

    /// <summary>
    /// The body as the source has it. MailKit writes it twice (to measure, then to send), so it is written from the
    /// spool each time: straight from a memory spool's buffer, and through a line-break filter only when the body has
    /// a bare LF (the filter allocates an output buffer twice the input's size on every write).
    /// </summary>
    private sealed class RawBody : MimeEntity
    {
        private readonly Stream _spool;
        private readonly long _start;
        private readonly bool _hasBareLineFeed;

        public RawBody(Stream spool, long start) : base(new ContentType("application", "octet-stream"))
        {
            _spool = spool;
            _start = start;
            _hasBareLineFeed = HasBareLineFeed(spool, start);
            // MimeMessage writes its body's headers itself; the source's headers are already in the message's.
            Headers.Clear();
        }

        public override void Prepare(EncodingConstraint constraint, int maxLineLength = 78)
        {
            // Nothing to prepare: the bytes go out as they are.
        }

        public override void WriteTo(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default) =>
            WriteToAsync(options, stream, contentOnly, cancellationToken).GetAwaiter().GetResult();

        public override async Task WriteToAsync(FormatOptions options, Stream stream, bool contentOnly, CancellationToken cancellationToken = default)
        {
            if (!_hasBareLineFeed && _spool is MemoryStream memory && memory.TryGetBuffer(out var buffer))
            {
                await stream.WriteAsync(buffer.AsMemory((int)_start), cancellationToken);
                return;
            }
            _spool.Position = _start;
            if (!_hasBareLineFeed)
            {
                await _spool.CopyToAsync(stream, cancellationToken);
                return;
            }
            await using var filtered = new FilteredStream(stream);
            filtered.Add(new Unix2DosFilter());
            await _spool.CopyToAsync(filtered, cancellationToken);
            await filtered.FlushAsync(cancellationToken);
        }

        private static bool HasBareLineFeed(Stream spool, long start)
        {
            spool.Position = start;
            var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                // The byte before the body is the header block's LF, never a CR.
                var previous = (byte)'\n';
                int read;
                while ((read = spool.Read(buffer, 0, buffer.Length)) > 0)
                {
                    var chunk = buffer.AsSpan(0, read);
                    for (var at = chunk.IndexOf((byte)'\n'); at >= 0; at = Next(chunk, at))
                    {
                        if ((at == 0 ? previous : chunk[at - 1]) != (byte)'\r') return true;
                    }
                    previous = chunk[^1];
                }
                return false;
            }
            finally
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static int Next(ReadOnlySpan<byte> chunk, int at)
        {
            var next = chunk[(at + 1)..].IndexOf((byte)'\n');
            return next < 0 ? -1 : at + 1 + next;
        }
    }
}
