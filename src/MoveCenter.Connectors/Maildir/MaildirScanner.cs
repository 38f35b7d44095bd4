using System.IO.Enumeration;
using MimeKit;
using MimeKit.Utils;

namespace MoveCenter.Connectors.Maildir;

internal sealed record MaildirEntry(string FileName, string FullPath);

/// <summary>Reads a folder's message files and what can be told about them without reading bodies.</summary>
internal static class MaildirScanner
{
    public static readonly string[] MessageDirectories = ["new", "cur"];

    /// <summary>Message files of one of new/ or cur/, read lazily so a large folder is never held at once.</summary>
    public static IEnumerable<MaildirEntry> Enumerate(string directory)
    {
        if (!Directory.Exists(directory)) return [];
        return new FileSystemEnumerable<MaildirEntry>(
            directory,
            (ref FileSystemEntry entry) => new MaildirEntry(entry.FileName.ToString(), entry.ToFullPath()),
            new EnumerationOptions { IgnoreInaccessible = false, AttributesToSkip = 0 })
        {
            ShouldIncludePredicate = (ref FileSystemEntry entry) => !entry.IsDirectory && !entry.FileName.StartsWith("."),
        };
    }

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

    public static bool IsDanglingLink(FileInfo info) =>
        info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true };

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
