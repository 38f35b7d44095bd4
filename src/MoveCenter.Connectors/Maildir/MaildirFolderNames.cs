namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// Maps folder paths to Maildir++ directory names: ".A.B" for A/B, each segment in modified UTF-7.
/// A '.' inside a segment is refused rather than escaped: Dovecot and Courier would read an escaped
/// form as a different name or as hierarchy, so a silent encoding would not survive the next move.
/// </summary>
internal static class MaildirFolderNames
{
    private const char HierarchySeparator = '.';

    private static readonly Dictionary<string, SpecialUse> ConventionalNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Sent"] = SpecialUse.Sent,
        ["Sent Items"] = SpecialUse.Sent,
        ["Sent Messages"] = SpecialUse.Sent,
        ["Drafts"] = SpecialUse.Drafts,
        ["Trash"] = SpecialUse.Trash,
        ["Deleted Items"] = SpecialUse.Trash,
        ["Deleted Messages"] = SpecialUse.Trash,
        ["Junk"] = SpecialUse.Junk,
        ["Spam"] = SpecialUse.Junk,
        ["Archive"] = SpecialUse.Archive,
    };

    /// <exception cref="UnsupportedFolderNameException">A segment holds '.', '/' or a control character.</exception>
    public static string ToDirectoryName(FolderPath folder)
    {
        if (folder.IsInbox) throw new ArgumentException("The Inbox is the Maildir root, not a folder directory.", nameof(folder));
        foreach (var segment in folder.Segments)
        {
            if (segment.Contains(HierarchySeparator))
                throw new UnsupportedFolderNameException(folder, $"'.' in \"{segment}\" is the Maildir++ hierarchy separator.");
            if (segment.Contains('/'))
                throw new UnsupportedFolderNameException(folder, $"'/' in \"{segment}\" cannot appear in a directory name.");
            if (segment.Any(char.IsControl))
                throw new UnsupportedFolderNameException(folder, $"\"{segment}\" contains a control character.");
        }
        return HierarchySeparator + string.Join(HierarchySeparator, folder.Segments.Select(ModifiedUtf7.Encode));
    }

    /// <summary>Reads a directory name such as ".Entw&amp;APw-rfe"; false for names that are not folders.</summary>
    public static bool TryParseDirectoryName(string directoryName, out FolderPath folder)
    {
        folder = FolderPath.Inbox;
        return directoryName.Length > 1 && directoryName[0] == HierarchySeparator
            && TryParseStorageName(directoryName[1..], out folder);
    }

    /// <summary>Reads "A.B" in modified UTF-7, as the old subscriptions format stores it.</summary>
    public static bool TryParseStorageName(string storageName, out FolderPath folder)
    {
        folder = FolderPath.Inbox;
        var parts = storageName.Split(HierarchySeparator);
        if (parts.Any(p => p.Length == 0)) return false;
        var segments = new string[parts.Length];
        for (var i = 0; i < parts.Length; i++)
        {
            try
            {
                segments[i] = ModifiedUtf7.Decode(parts[i]);
            }
            catch (FormatException)
            {
                // Some servers write raw UTF-8 names; keeping them as they are loses nothing.
                segments[i] = parts[i];
            }
        }
        folder = new FolderPath(segments);
        return true;
    }

    public static SpecialUse SpecialUseOf(FolderPath folder) =>
        folder.IsInbox ? SpecialUse.Inbox
        : folder.Segments.Count == 1 && ConventionalNames.TryGetValue(folder.Name, out var use) ? use
        : SpecialUse.None;
}
