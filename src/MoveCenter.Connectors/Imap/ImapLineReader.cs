using System.Text;
using System.Text.RegularExpressions;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Reads an IMAP server's responses line by line (Latin-1, so every byte survives), with a literal the line announces
/// read into the line: an untagged response may carry one, and its bytes may hold line breaks. A caller that wants a
/// literal's bytes reads the line up to it and then the bytes.
/// </summary>
internal sealed partial class ImapLineReader(Stream stream)
{
    private readonly byte[] _buffer = new byte[4096];
    private int _start;
    private int _end;

    public async Task<string> ReadLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            line.Append(await ReadRawLineAsync(cancellationToken));
            var literal = LiteralAtEnd().Match(line.ToString());
            if (!literal.Success) return line.ToString();
            var remaining = int.Parse(literal.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            while (remaining > 0)
            {
                if (_start == _end) await FillAsync(cancellationToken);
                var take = Math.Min(remaining, _end - _start);
                line.Append(Encoding.Latin1.GetString(_buffer, _start, take));
                _start += take;
                remaining -= take;
            }
        }
    }

    /// <summary>One line up to its CRLF, a literal it announces left unread (<see cref="ReadExactlyAsync"/> reads it).</summary>
    public Task<string> ReadLineUpToLiteralAsync(CancellationToken cancellationToken) => ReadRawLineAsync(cancellationToken);

    public async Task ReadExactlyAsync(Memory<byte> destination, CancellationToken cancellationToken)
    {
        while (destination.Length > 0)
        {
            if (_start == _end)
            {
                // Past what is buffered, straight from the stream: a literal may be a megabyte.
                var read = await stream.ReadAsync(destination, cancellationToken);
                if (read == 0) throw new IOException("the server closed the connection");
                destination = destination[read..];
                continue;
            }
            var take = Math.Min(destination.Length, _end - _start);
            _buffer.AsMemory(_start, take).CopyTo(destination);
            _start += take;
            destination = destination[take..];
        }
    }

    private async Task<string> ReadRawLineAsync(CancellationToken cancellationToken)
    {
        var line = new StringBuilder();
        while (true)
        {
            if (_start == _end) await FillAsync(cancellationToken);
            var lineFeed = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var stop = lineFeed < 0 ? _end : lineFeed;
            line.Append(Encoding.Latin1.GetString(_buffer, _start, stop - _start));
            _start = lineFeed < 0 ? _end : lineFeed + 1;
            if (lineFeed >= 0) return line.ToString().TrimEnd('\r');
        }
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _start = 0;
        _end = await stream.ReadAsync(_buffer, cancellationToken);
        if (_end == 0) throw new IOException("the server closed the connection");
    }

    [GeneratedRegex(@"~?\{(\d+)\}$")]
    private static partial Regex LiteralAtEnd();
}
