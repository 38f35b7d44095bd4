using MailKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Full IMAP names of folder paths within a namespace, and back. A namespace's prefix may come with or without its
/// trailing delimiter (Cyrus announces "INBOX." and MailKit keeps "INBOX"), so the delimiter is added when missing.
/// </summary>
internal static class ImapNamespaceNames
{
    public static string FullName(FolderNamespace space, FolderPath path) =>
        Prefix(space) + string.Join(space.DirectorySeparator, path.Segments);

    public static FolderPath PathOf(FolderNamespace space, string fullName, char separator)
    {
        var prefix = Prefix(space);
        var name = prefix.Length > 0 && fullName.StartsWith(prefix, StringComparison.Ordinal) ? fullName[prefix.Length..] : fullName;
        return new FolderPath(name.Split(separator, StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>Whether a full name is the namespace's root or lies below it.</summary>
    public static bool Holds(FolderNamespace space, string fullName) =>
        fullName.StartsWith(Prefix(space), StringComparison.Ordinal) || fullName == space.Path.TrimEnd(space.DirectorySeparator);

    private static string Prefix(FolderNamespace space) =>
        space.Path.Length == 0 || space.Path[^1] == space.DirectorySeparator ? space.Path : space.Path + space.DirectorySeparator;
}
