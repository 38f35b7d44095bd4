using MimeKit;
using MimeKit.IO;
using MimeKit.IO.Filters;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Makes MailKit APPEND the source's own bytes, whatever their shape (none at all included), without any MIME parser
/// seeing them. MailKit appends only a <see cref="MimeMessage"/> and sends what its (not overridable) WriteTo writes:
/// the headers, the empty line after them when the body's headers had one, then the body. A message MimeKit's own
/// parser made from headers without the empty line writes no line of its own, so the message is parsed from a fixed
/// header naming a registered entity type, that header is hidden when writing, and the entity copies the whole spool.
/// The one change is the one IMAP requires: a bare LF becomes CRLF, because an IMAP message's lines end in CRLF
/// (RFC 3501, section 2.3.5) and servers store and return them so. A bare CR is sent as it is.
/// </summary>
internal static class RawMimeMessage
{
    private const string RawType = "x-movecenter/raw-message";

    private static readonly byte[] Template = System.Text.Encoding.ASCII.GetBytes($"Content-Type: {RawType}\r\n");

    private static readonly ParserOptions Parsing = RawParsing();

    /// <summary>A parser keeps about 5 KB of buffers; one per thread serves every message (parsing is synchronous).</summary>
    [ThreadStatic]
    private static ExperimentalMimeParser? _parser;

    /// <summary>Hides the template's header, the one header the message has: everything written comes from the spool.</summary>
    public static FormatOptions Format { get; } = RawFormat();

    public static MimeMessage Create(Stream spool, MessageBytes shape)
    {
        using var template = new MemoryStream(Template, writable: false);
        var parser = _parser ??= new ExperimentalMimeParser(Parsing, Stream.Null);
        parser.SetStream(template, MimeFormat.Entity, persistent: false);
        var message = parser.ParseMessage();
        if (message.Body is not RawBody body)
            throw new InvalidOperationException("MimeKit no longer builds a registered entity type: raw APPEND needs another way.");
        body.Attach(spool, shape.HasBareLineFeed);
        return message;
    }

    private static ParserOptions RawParsing()
    {
        var options = ParserOptions.Default.Clone();
        options.RegisterMimeType(RawType, typeof(RawBody));
        return options;
    }

    private static FormatOptions RawFormat()
    {
        var options = FormatOptions.Default.Clone();
        options.HiddenHeaders.Add(HeaderId.ContentType);
        return options;
    }

    /// <summary>
    /// The message as the source has it. MailKit writes it twice (to measure, then to send), so it is written from the
    /// spool each time: straight from a memory spool's buffer, and through a line-break filter only when it has a bare
    /// LF (the filter allocates an output buffer twice the input's size on every write).
    /// </summary>
    internal sealed class RawBody(MimeEntityConstructorArgs args) : MimePart(args)
    {
        private Stream _spool = Stream.Null;
        private bool _hasBareLineFeed;

        public void Attach(Stream spool, bool hasBareLineFeed)
        {
            _spool = spool;
            _hasBareLineFeed = hasBareLineFeed;
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
                await stream.WriteAsync(buffer.AsMemory(), cancellationToken);
                return;
            }
            _spool.Position = 0;
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
    }
}
