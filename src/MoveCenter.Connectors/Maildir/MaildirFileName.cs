using System.Globalization;
using System.Text;

namespace MoveCenter.Connectors.Maildir;

/// <summary>A Maildir message file name: <c>unique[,S=size][,W=vsize]:2,FLAGS</c>, or just <c>unique</c> in new/.</summary>
internal sealed record MaildirFileName(string BaseName, MessageFlags Flags, IReadOnlyList<int> KeywordIndexes, long? SizeFromName)
{
    private const string InfoPrefix = ":2,";

    private static readonly (char Letter, MessageFlags Flag)[] FlagLetters =
    [
        ('D', MessageFlags.Draft),
        ('F', MessageFlags.Flagged),
        ('R', MessageFlags.Answered),
        ('S', MessageFlags.Seen),
        ('T', MessageFlags.Deleted),
    ];

    public static MaildirFileName Parse(string fileName)
    {
        var colon = fileName.IndexOf(':');
        var baseName = colon < 0 ? fileName : fileName[..colon];
        var flags = MessageFlags.None;
        var keywords = new List<int>();
        if (colon >= 0 && fileName.AsSpan(colon).StartsWith(InfoPrefix, StringComparison.Ordinal))
        {
            foreach (var letter in fileName.AsSpan(colon + InfoPrefix.Length))
            {
                if (letter is >= 'a' and <= 'z') keywords.Add(letter - 'a');
                else flags |= FlagFor(letter);
            }
        }
        return new MaildirFileName(baseName, flags, keywords, ReadSizeField(baseName));
    }

    /// <summary>
    /// The delivery time a unique name starts with (seconds since 1970), or the epoch when it does not: the date of a
    /// file that is listed but never looked at.
    /// </summary>
    public DateTimeOffset DeliveredAt =>
        long.TryParse(BaseName.AsSpan(0, Math.Max(0, BaseName.IndexOf('.'))), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
        && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : DateTimeOffset.UnixEpoch;

    /// <summary>The base name a file name starts with, without parsing its flags.</summary>
    public static string BaseOf(string fileName)
    {
        var colon = fileName.IndexOf(':');
        return colon < 0 ? fileName : fileName[..colon];
    }

    /// <summary>The cur/ name; Maildir readers expect the info letters in ASCII order.</summary>
    public static string Compose(string baseName, MessageFlags flags, IEnumerable<int> keywordIndexes)
    {
        var letters = FlagLetters.Where(f => flags.HasFlag(f.Flag)).Select(f => f.Letter)
            .Concat(keywordIndexes.Distinct().Select(i => (char)('a' + i)))
            .Order();
        return new StringBuilder(baseName).Append(InfoPrefix).Append(string.Concat(letters)).ToString();
    }

    /// <summary>Null when the name is a valid Maildir unique name, else why not.</summary>
    public static string? ValidateUniqueName(string name)
    {
        if (string.IsNullOrEmpty(name)) return "it is empty";
        if (name is "." or "..") return $"\"{name}\" is not a file name";
        if (name.Length > 200) return "it is longer than 200 characters";
        foreach (var c in name)
        {
            if (c is '/' or ':' or '\\') return $"it contains '{c}'";
            if (char.IsControl(c)) return "it contains a control character";
        }
        return null;
    }

    private static MessageFlags FlagFor(char letter)
    {
        foreach (var (l, flag) in FlagLetters)
            if (l == letter) return flag;
        // 'P' (passed) and unknown letters have no IMAP system flag.
        return MessageFlags.None;
    }

    private static long? ReadSizeField(string baseName)
    {
        foreach (var field in baseName.Split(',').Skip(1))
        {
            if (field.StartsWith("S=", StringComparison.Ordinal)
                && long.TryParse(field.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                return size;
        }
        return null;
    }
}
