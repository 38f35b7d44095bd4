using System.Buffers;
using System.Reflection;
using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Makes MailKit APPEND the source's own bytes, whatever their shape, without any MIME parser seeing them. MailKit
/// appends only a <see cref="MimeMessage"/> and sends what its (not overridable) WriteTo writes: the headers, a line
/// break, then the body. So the message's first line goes in as one header written as it is, MimeKit's line break
/// stands for the first line break, and the body entity copies the rest from the spool.
/// The one change is the one IMAP requires: a bare LF becomes CRLF, because an IMAP message's lines end in CRLF
/// (RFC 3501, section 2.3.5) and servers store and return them so. A bare CR is sent as it is.
/// </summary>
internal static class RawMimeMessage
{
    /// <summary>
    /// MimeKit writes an invalid header (a header line without a colon, as its parser keeps one) as its raw bytes alone,
    /// but lets only its parser make one; setting the flag directly parses nothing. MimeKit's version is pinned, and the
    /// byte-for-byte tests fail if it stops working.
    /// </summary>
    private static readonly PropertyInfo IsInvalid =
        typeof(Header).GetProperty("IsInvalid", BindingFlags.Instance | BindingFlags.NonPublic)
        ?? throw new InvalidOperationException("MimeKit no longer has Header.IsInvalid: raw APPEND needs another way.");

    /// <summary>
    /// Null, with the reason, for a message without any line break (an empty one included): MimeKit ends whatever it
    /// writes with one, so such a message cannot go through MailKit unaltered.
    /// </summary>
    public static MimeMessage? TryCreate(Stream spool, out string? problem)
    {
        var (firstLine, bodyStart) = FirstLine(spool);
        if (firstLine is null)
        {
            problem = spool.Length == 0
                ? "the message is empty (0 bytes), and MailKit cannot append it without adding a line break"
                : "the message has no line break at all, and MailKit cannot append it without adding one";
            return null;
        }
        problem = null;
        var line = new RawLine(firstLine);
        IsInvalid.SetValue(line, true);
        var message = new MimeMessage(Array.Empty<object>());
        message.Headers.Clear();
        message.Headers.Add(line);
        message.Body = new RawBody(spool, bodyStart);
        return message;
    }

    /// <summary>The bytes before the first line break (without its CR), and where the bytes after it start.</summary>
    private static (byte[]? FirstLine, long BodyStart) FirstLine(Stream spool)
    {
        spool.Position = 0;
        var line = new MemoryStream();
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        try
        {
            int read;
            while ((read = spool.Read(buffer, 0, buffer.Length)) > 0)
            {
                var chunk = buffer.AsSpan(0, read);
                var lineFeed = chunk.IndexOf((byte)'\n');
                if (lineFeed < 0)
                {
                    line.Write(chunk);
                    continue;
                }
                line.Write(chunk[..lineFeed]);
                var bodyStart = line.Length + 1;
                var text = line.ToArray();
                return text.Length > 0 && text[^1] == (byte)'\r' ? (text[..^1], bodyStart) : (text, bodyStart);
            }
            return (null, 0);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A line written as its bytes alone once marked invalid; its name is never written.</summary>
    private sealed class RawLine(byte[] bytes) : Header(ParserOptions.Default, HeaderId.Unknown, "Raw", bytes, []);

    /// <summary>
    /// The rest of the message as the source has it. MailKit writes it twice (to measure, then to send), so it is
    /// written from the spool each time: straight from a memory spool's buffer, and through a line-break filter only
    /// when it has a bare LF (the filter allocates an output buffer twice the input's size on every write).
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
            // The message writes its body's headers itself, and there are none: the first line is the message's.
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
            var buffer = ArrayPool<byte>.Shared.Rent(81920);
            try
            {
                // The byte before the body is the first line break's LF, never a CR.
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
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static int Next(ReadOnlySpan<byte> chunk, int at)
        {
            var next = chunk[(at + 1)..].IndexOf((byte)'\n');
            return next < 0 ? -1 : at + 1 + next;
        }
    }
}
