using System.IO.Enumeration;
using MimeKit;
using MimeKit.Utils;

namespace MoveCenter.Connectors.Maildir;

/// <param name="IsLink">A symbolic link, which is listed so the admin sees it but never opened.</param>
internal sealed record MaildirEntry(string FileName, string FullPath, bool IsLink);

/// <summary>Reads a folder's message files and what can be told about them without reading bodies.</summary>
internal static class MaildirScanner
{
    public static readonly string[] MessageDirectories = ["new", "cur"];

    /// <summary>
    /// Message files of one of new/ or cur/, read lazily so a large folder is never held at once. Nothing when the
    /// directory is a link. A link inside it is listed whatever it points to (a directory too), so none goes unreported.
    /// </summary>
    public static IEnumerable<MaildirEntry> Enumerate(string directory)
    {
        if (!Directory.Exists(directory) || MaildirLinks.IsLink(directory)) return [];
        return new FileSystemEnumerable<MaildirEntry>(
            directory,
            (ref FileSystemEntry entry) => new MaildirEntry(entry.FileName.ToString(), entry.ToFullPath(), IsLink(ref entry)),
            new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => (!entry.IsDirectory || IsLink(ref entry)) && !entry.FileName.StartsWith("."),
        };
    }

    private static bool IsLink(ref FileSystemEntry entry) => entry.Attributes.HasFlag(FileAttributes.ReparsePoint);

    /// <summary>Every base name in new/ and cur/ of a folder, from one pass over each directory.</summary>
    public static HashSet<string> BaseNames(string folderDirectory) =>
        MessageDirectories
            .SelectMany(d => Enumerate(Path.Combine(folderDirectory, d)))
            .Select(e => MaildirFileName.BaseOf(e.FileName))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Size and mtime; null when the file has gone (moved or expunged meanwhile). A dangling symlink is kept:
    /// its mtime comes from the link itself and its size from the name, so it can be listed and reported.
    /// </summary>
    public static (long Size, DateTimeOffset Modified)? Stat(MaildirEntry entry, long? sizeFromName)
    {
        var info = new FileInfo(entry.FullPath);
        if (!info.Exists) return null;
        var modified = new DateTimeOffset(info.LastWriteTimeUtc, TimeSpan.Zero);
        if (IsDanglingLink(info)) return (sizeFromName ?? 0, modified);
        return (sizeFromName ?? info.Length, modified);
    }

    /// <summary>A link to nothing: what a lost message leaves behind. A link loop is not dangling: it is a link like any other.</summary>
    public static bool IsDanglingLink(FileInfo info)
    {
        if (info.LinkTarget is null) return false;
        try
        {
            return !(info.ResolveLinkTarget(returnFinalTarget: true) is { } target && Path.Exists(target.FullName));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Message-ID, subject and sender from the header block alone; none when unreadable.</summary>
    public static async Task<MessageHeaders> ReadHeadersAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 4096, FileOptions.Asynchronous | FileOptions.SequentialScan);
            return MessageHeaders.Read(await HeaderList.LoadAsync(stream, cancellationToken));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ParseException)
        {
            return MessageHeaders.None;
        }
    }
}
