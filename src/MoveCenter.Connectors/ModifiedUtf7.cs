using System.Text;

namespace MoveCenter.Connectors;

/// <summary>
/// IMAP's modified UTF-7 for mailbox names (RFC 3501 §5.1.3): printable US-ASCII stands for itself,
/// '&amp;' is written "&amp;-", everything else is UTF-16BE in base64 with ',' for '/' between '&amp;' and '-'.
/// </summary>
public static class ModifiedUtf7
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

    public static string Encode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var output = new StringBuilder(name.Length);
        var i = 0;
        while (i < name.Length)
        {
            var c = name[i];
            if (IsPrintableAscii(c))
            {
                output.Append(c == '&' ? "&-" : c.ToString());
                i++;
                continue;
            }
            var start = i;
            while (i < name.Length && !IsPrintableAscii(name[i])) i++;
            AppendBase64Run(output, name.AsSpan(start, i - start));
        }
        return output.ToString();
    }

    /// <exception cref="FormatException">The text is not valid modified UTF-7.</exception>
    public static string Decode(string encoded)
    {
        ArgumentNullException.ThrowIfNull(encoded);
        var output = new StringBuilder(encoded.Length);
        var i = 0;
        while (i < encoded.Length)
        {
            var c = encoded[i];
            if (!IsPrintableAscii(c))
                throw new FormatException($"Character U+{(int)c:X4} at {i} is not allowed in modified UTF-7.");
            if (c != '&')
            {
                output.Append(c);
                i++;
                continue;
            }
            var end = encoded.IndexOf('-', i + 1);
            if (end < 0) throw new FormatException($"Unterminated '&' shift at {i} in \"{encoded}\".");
            if (end == i + 1) output.Append('&');
            else DecodeBase64Run(output, encoded.AsSpan(i + 1, end - i - 1), encoded);
            i = end + 1;
        }
        return output.ToString();
    }

    private static bool IsPrintableAscii(char c) => c is >= '\x20' and <= '\x7e';

    private static void AppendBase64Run(StringBuilder output, ReadOnlySpan<char> run)
    {
        var bad = FindUnpairedSurrogate(run);
        if (bad >= 0) throw new ArgumentException($"Unpaired surrogate U+{(int)run[bad]:X4} in mailbox name.", "name");
        output.Append('&');
        int buffer = 0, bits = 0;
        foreach (var unit in run)
        {
            buffer = (buffer << 16) | unit;
            bits += 16;
            while (bits >= 6)
            {
                bits -= 6;
                output.Append(Alphabet[(buffer >> bits) & 0x3F]);
            }
            buffer &= (1 << bits) - 1;
        }
        if (bits > 0) output.Append(Alphabet[(buffer << (6 - bits)) & 0x3F]);
        output.Append('-');
    }

    private static void DecodeBase64Run(StringBuilder output, ReadOnlySpan<char> run, string encoded)
    {
        var decoded = new StringBuilder(run.Length * 6 / 16);
        int buffer = 0, bits = 0;
        foreach (var c in run)
        {
            var value = Alphabet.IndexOf(c);
            if (value < 0) throw new FormatException($"'{c}' is not a modified base64 character in \"{encoded}\".");
            buffer = (buffer << 6) | value;
            bits += 6;
            if (bits < 16) continue;
            bits -= 16;
            decoded.Append((char)((buffer >> bits) & 0xFFFF));
            buffer &= (1 << bits) - 1;
        }
        // Leftover bits are padding: fewer than 6 and all zero, or the run was not canonical.
        if (bits >= 6 || buffer != 0) throw new FormatException($"Bad padding in base64 run of \"{encoded}\".");
        var text = decoded.ToString();
        var bad = FindUnpairedSurrogate(text);
        if (bad >= 0) throw new FormatException($"\"{encoded}\" decodes to an unpaired surrogate U+{(int)text[bad]:X4}.");
        // RFC 3501 forbids shifting printable ASCII; accepting it would give two spellings of one name.
        if (text.Any(IsPrintableAscii))
            throw new FormatException($"\"{encoded}\" encodes printable ASCII in base64, which is not canonical.");
        output.Append(text);
    }

    private static int FindUnpairedSurrogate(ReadOnlySpan<char> units)
    {
        for (var i = 0; i < units.Length; i++)
        {
            if (char.IsHighSurrogate(units[i]) && i + 1 < units.Length && char.IsLowSurrogate(units[i + 1])) i++;
            else if (char.IsSurrogate(units[i])) return i;
        }
        return -1;
    }
}
