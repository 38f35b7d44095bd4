using System.Text;

namespace MoveCenter.Testing;

/// <summary>
/// Messages of every shape real mailboxes hold, generated here, each named so that a failure names its shape. All of
/// them must arrive byte for byte (a bare LF as CRLF, which IMAP requires): a MIME parser on the way would re-form most.
/// </summary>
public static class MessageShapes
{
    public static IReadOnlyDictionary<string, byte[]> All { get; } = new Dictionary<string, byte[]>
    {
        ["plain text, no header at all"] = Bytes("Hello,\r\nthis was saved without any header.\r\n"),
        ["leading space"] = Bytes(" starts with a space\r\nSubject: after it\r\n\r\nbody\r\n"),
        ["a // line first"] = Bytes("// exported by a script\r\nSubject: scripted\r\n\r\nbody\r\n"),
        ["a continuation line first"] = Bytes("\tcontinued from nothing\r\nSubject: folded\r\n\r\nbody\r\n"),
        ["headers only, no empty line"] = Bytes("Message-ID: <hdr@shapes.example>\r\nSubject: headers only\r\n"),
        ["headers only, with the empty line"] = Bytes("Message-ID: <hdr-empty@shapes.example>\r\nSubject: headers and the empty line\r\n\r\n"),
        ["Content-Type first"] = Bytes("Content-Type: text/plain; charset=utf-8\r\nSubject: type first\r\n\r\nbody\r\n"),
        ["MIME-Version first"] = Bytes("MIME-Version: 1.0\r\nContent-Type: text/plain\r\nSubject: version first\r\n\r\nbody\r\n"),
        ["Received first, folded"] = Bytes("Received: from mx.shapes.example\r\n\tby mail.shapes.example; Fri, 12 Nov 2021 13:14:15 +0100\r\n" +
                                           "Subject: received first\r\n\r\nbody\r\n"),
        ["1 MB header block"] = HugeHeaderBlock(),
        ["8-bit and invalid UTF-8 in headers"] = [.. Bytes("Subject: Grüße aus 日本 "), 0xFF, 0xC3, 0x28, 0xE9, .. Bytes("\r\nFrom: "), 0x80, 0xFE,
            .. Bytes(" <x@shapes.example>\r\n\r\nKörper "), 0xE9, 0xFF, .. Bytes("\r\n")],
        ["bare CR"] = Bytes("Subject: bare CR\r\n\r\nline one\rstill line one\r\nline two\r\n"),
        ["bare LF"] = Bytes("Subject: bare LF\n\nline one\nline two\r\nline three\n"),
        ["lines over 100 KB"] = Bytes($"Subject: long lines\r\nX-Long: {new string('h', 150_000)}\r\n\r\n{new string('b', 150_000)}\r\n"),
        ["no line break at all"] = Bytes("Subject: nothing after me"),
        ["CR CR LF"] = Bytes("Subject: CR CR LF\r\r\n\r\nline one\r\r\nline two\r\n"),
        ["CR at the end"] = Bytes("Subject: CR at the end\r\n\r\nlast line\r"),
        ["CR LF split at 81920 bytes"] = AtBoundary("\r\n"),
        ["bare CR at 81920 bytes"] = AtBoundary("\rx"),
        ["bare LF right after 81920 bytes"] = AtBoundary("b\n"),
        ["200 bare CRs"] = Bytes("Subject: many bare CRs\r\n\r\n" + string.Concat(Enumerable.Range(0, 200).Select(i => $"cell {i}\r"))
                                 + "\r\nend\r\n"),
        ["multipart without its close boundary"] = Bytes("MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"cut\"\r\n\r\n" +
                                                         "--cut\r\nContent-Type: text/plain\r\n\r\nfirst part\r\n--cut\r\nContent-Type: text/html\r\n\r\n<p>never closed"),
    };

    /// <summary>
    /// NUL bytes travel only in an IMAP BINARY literal8, and Dovecot answers BODY[] with each as 0x80 (the connector gets
    /// them back from BINARY[]), so a message holding them can be checked at a Dovecot only in the server's own file.
    /// </summary>
    public static byte[] NulBytes { get; } = Bytes("Subject: NUL bytes\r\n\r\nbefore\0between\0\0after\r\n");

    /// <summary>
    /// 0x80 bytes that are data, not NULs a server replaced: UTF-8 quotes (U+2018 is E2 80 98) and a cp1252 euro sign
    /// (0x80) after a space, which only a NUL replaced by Dovecot would otherwise leave.
    /// </summary>
    public static byte[] EightyBytesOfData { get; } =
        [.. Bytes("Subject: \u2018quoted\u2019\r\n\r\nprice: "), 0x80, .. Bytes("5\r\n")];

    /// <summary>
    /// A base64 body, which BINARY[] answers decoded (with NUL and 0x80 bytes in it), under a header holding a raw 0x80
    /// after a space: the raw message is what must arrive.
    /// </summary>
    public static byte[] Base64UnderEightyByte { get; } =
    [
        .. Bytes("Subject: price "), 0x80, .. Bytes("5\r\nMIME-Version: 1.0\r\nContent-Type: application/octet-stream\r\n" +
                                                  "Content-Transfer-Encoding: base64\r\n\r\n" + Convert.ToBase64String([0, 0x80, 1, 0x80, 0, 0xFF]) + "\r\n"),
    ];

    /// <summary>The message as Dovecot answers BODY[] for it: each NUL byte as 0x80.</summary>
    public static byte[] AsDovecotShowsIt(byte[] content) => content.Select(b => b == 0 ? (byte)0x80 : b).ToArray();

    private static byte[] HugeHeaderBlock()
    {
        var text = new StringBuilder("Received: from first.shapes.example\r\n");
        for (var i = 0; text.Length < 1024 * 1024 + 100; i++) text.Append($"X-Filler-{i}: {new string('f', 200)}\r\n");
        return Bytes(text.Append("Subject: after a megabyte of headers\r\n\r\nbody\r\n").ToString());
    }

    /// <summary>
    /// <paramref name="tail"/> starts at the last byte of the first 81,920 (the buffer size of .NET's stream copies and
    /// of the line-break checks), so a pair of bytes is split between two reads.
    /// </summary>
    private static byte[] AtBoundary(string tail)
    {
        const string head = "Subject: at a buffer boundary\r\n\r\n";
        var text = new StringBuilder(head);
        while (text.Length + 80 < 81920 - 1) text.Append('b', 78).Append("\r\n");
        text.Append('b', 81920 - 1 - text.Length);
        return Bytes(text.Append(tail).Append("\r\nend\r\n").ToString());
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
