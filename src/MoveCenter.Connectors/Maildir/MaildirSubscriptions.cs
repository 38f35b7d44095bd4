using System.Text;

namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// The <c>subscriptions</c> file at the Maildir root. Reads the old format (one modified-UTF-7 name per line,
/// '.' between levels) and Dovecot 2.3's ("V\t2", a blank line, then UTF-8 names with '\t' between levels and
/// Dovecot's \001 tab-escaping). Always writes the Dovecot 2.3 format.
/// </summary>
internal static class MaildirSubscriptions
{
    public const string FileName = "subscriptions";
    private const string InboxName = "INBOX";
    private const char Escape = '\x01';

    public static HashSet<FolderPath> Load(string maildir)
    {
        var result = new HashSet<FolderPath>();
        var path = Path.Combine(maildir, FileName);
        if (!File.Exists(path)) return result;
        var lines = File.ReadAllLines(path, Encoding.UTF8);
        var version2 = lines.Length > 0 && lines[0] == "V\t2";
        foreach (var line in version2 ? lines.Skip(1) : lines)
        {
            if (line.Length == 0) continue;
            var folder = version2 ? ParseVersion2(line) : ParseOldFormat(line);
            if (folder is not null) result.Add(folder);
        }
        return result;
    }

    public static void Save(string maildir, IEnumerable<FolderPath> subscribed)
    {
        var builder = new StringBuilder("V\t2\n\n");
        foreach (var folder in subscribed.Order())
        {
            var name = folder.IsInbox ? InboxName : string.Join('\t', folder.Segments.Select(TabEscape));
            builder.Append(name).Append('\n');
        }
        var path = Path.Combine(maildir, FileName);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, builder.ToString(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        File.Move(temporary, path, overwrite: true);
    }

    private static FolderPath? ParseVersion2(string line)
    {
        if (string.Equals(line, InboxName, StringComparison.OrdinalIgnoreCase)) return FolderPath.Inbox;
        var segments = line.Split('\t').Select(TabUnescape).ToArray();
        return segments.Any(s => s.Length == 0) ? null : new FolderPath(segments);
    }

    private static FolderPath? ParseOldFormat(string line)
    {
        if (string.Equals(line, InboxName, StringComparison.OrdinalIgnoreCase)) return FolderPath.Inbox;
        return MaildirFolderNames.TryParseStorageName(line, out var folder) ? folder : null;
    }

    private static string TabEscape(string segment) =>
        segment.Replace("\x01", "\x011").Replace("\t", "\x01t").Replace("\r", "\x01r").Replace("\n", "\x01n");

    private static string TabUnescape(string segment)
    {
        if (!segment.Contains(Escape)) return segment;
        var builder = new StringBuilder(segment.Length);
        for (var i = 0; i < segment.Length; i++)
        {
            if (segment[i] != Escape || i + 1 == segment.Length) { builder.Append(segment[i]); continue; }
            builder.Append(segment[++i] switch { '1' => Escape, 't' => '\t', 'r' => '\r', 'n' => '\n', var other => other });
        }
        return builder.ToString();
    }
}
