using System.Text;
using MoveCenter.Connectors;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// Messages real mailboxes hold and parsers dislike (the same kinds as the connector tests use), and one big message,
/// as <see cref="OutgoingMessage"/>s to append through a connector.
/// </summary>
public static class MalformedMail
{
    private static readonly DateTimeOffset Date = new(2021, 11, 12, 13, 14, 15, TimeSpan.FromHours(1));

    public static IReadOnlyDictionary<string, byte[]> Messages { get; } = new Dictionary<string, byte[]>
    {
        ["8-bit headers"] = [.. Bytes("Message-ID: <8bit@malformed.example>\r\nSubject: Grüße aus 日本 \u00e9\r\nFrom: Jürgen <j@example.de>\r\n\r\nKörper\r\n"), 0xE9, 0xFF, 0x0D, 0x0A],
        ["bare LF and bare CR"] = Bytes("Message-ID: <lf@malformed.example>\nSubject: lf\n\nline one\nline two\rstill two\r\nthree\n"),
        ["no Message-ID"] = Bytes("Subject: anonymous\r\nFrom: x@example.org\r\n\r\nbody\r\n"),
        ["duplicate Message-ID one"] = Bytes("Message-ID: <dup@malformed.example>\r\nSubject: first\r\n\r\none\r\n"),
        ["duplicate Message-ID two"] = Bytes("Message-ID: <dup@malformed.example>\r\nSubject: second\r\n\r\ntwo\r\n"),
        ["very long line"] = Bytes($"Message-ID: <long@malformed.example>\r\nX-Long: {new string('h', 5000)}\r\n\r\n{new string('b', 20000)}\r\n"),
        ["broken MIME boundary"] = Bytes("Message-ID: <mime@malformed.example>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"abc\"\r\n\r\n" +
                                         "preamble\r\n--abd\r\nContent-Type: text/plain\r\n\r\npart\r\n--abc\r\nContent-Type: text/html\r\n\r\n<p>never closed\r\n"),
        ["no final line break"] = Bytes("Message-ID: <nolf@malformed.example>\r\nSubject: end\r\n\r\nno line break at the end"),
    };

    /// <summary>Each malformed message, one minute apart, some with flags and keywords.</summary>
    public static List<OutgoingMessage> Outgoing() =>
        Messages.Select((m, i) => Message($"malformed-{i}", m.Value, Date.AddMinutes(i),
            i % 2 == 0 ? MessageFlags.Seen | MessageFlags.Flagged : MessageFlags.None, i % 3 == 0 ? ["$Forwarded", "Urgent"] : [])).ToList();

    public static OutgoingMessage Message(string key, byte[] content, DateTimeOffset date, MessageFlags flags = MessageFlags.None, IReadOnlyList<string>? keywords = null) =>
        new(key, content.Length, flags, keywords ?? [], date, null, _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));

    /// <summary>Writes a CRLF message of <paramref name="size"/> bytes with a base64 body to <paramref name="path"/> and returns it to append.</summary>
    public static OutgoingMessage Big(string path, int size)
    {
        var header = Bytes("Message-ID: <big@malformed.example>\r\nSubject: a 25 MB scan\r\nMIME-Version: 1.0\r\n" +
                           "Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        var random = new Random(25);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        using (var output = File.Create(path))
        {
            output.Write(header);
            var line = new byte[78];
            line[76] = (byte)'\r';
            line[77] = (byte)'\n';
            var left = size - header.Length;
            while (left >= line.Length)
            {
                for (var i = 0; i < 76; i++) line[i] = (byte)alphabet[random.Next(64)];
                output.Write(line);
                left -= line.Length;
            }
            for (var i = 0; i < left; i++) output.WriteByte(i >= left - 2 ? (i == left - 2 ? (byte)'\r' : (byte)'\n') : (byte)'A');
        }
        return new OutgoingMessage("big", new FileInfo(path).Length, MessageFlags.Seen, ["Scans"], Date.AddDays(1), "big@malformed.example",
            _ => Task.FromResult<Stream>(File.OpenRead(path)));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
