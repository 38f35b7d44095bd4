namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Dovecot answers BODY[] with each NUL byte of a message as 0x80; only BINARY[] (RFC 3516) returns the NULs. But
/// BINARY[] also decodes Content-Transfer-Encodings, so its bytes are taken only where they can differ from BODY[]'s
/// by nothing but that replacement.
/// </summary>
internal static class NulReplacement
{
    private const byte Replacement = 0x80;

    /// <summary>
    /// Whether the bytes hold a 0x80 that follows an ASCII byte (or starts them, after <paramref name="previous"/>), which
    /// no UTF-8 text holds: the cheap test that decides whether BINARY[] is worth fetching. A 0x80 after another
    /// 8-bit byte is most likely UTF-8 (U+2018 is E2 80 98), and a message whose every NUL follows such a byte keeps
    /// its 0x80s.
    /// </summary>
    public static bool MayHide(ReadOnlySpan<byte> bytes, byte previous)
    {
        for (var at = bytes.IndexOf(Replacement); at >= 0;)
        {
            if ((at == 0 ? previous : bytes[at - 1]) < 0x80) return true;
            var next = bytes[(at + 1)..].IndexOf(Replacement);
            at = next < 0 ? -1 : at + 1 + next;
        }
        return false;
    }

    /// <summary>
    /// Puts the NULs of <paramref name="binary"/> into <paramref name="body"/>, when the two are of the same length and
    /// differ only where <paramref name="body"/> has 0x80 and <paramref name="binary"/> has NUL; otherwise changes nothing.
    /// </summary>
    public static bool TryRestore(Span<byte> body, ReadOnlySpan<byte> binary)
    {
        if (body.Length != binary.Length || !DiffersOnlyByReplacement(body, binary)) return false;
        binary.CopyTo(body);
        return true;
    }

    private static bool DiffersOnlyByReplacement(ReadOnlySpan<byte> body, ReadOnlySpan<byte> binary)
    {
        var differs = false;
        while (true)
        {
            var same = body.CommonPrefixLength(binary);
            if (same == body.Length) return differs;
            if (body[same] != Replacement || binary[same] != 0) return false;
            differs = true;
            body = body[(same + 1)..];
            binary = binary[(same + 1)..];
        }
    }
}
