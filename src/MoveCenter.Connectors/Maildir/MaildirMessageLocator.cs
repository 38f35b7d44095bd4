namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// Finds a message file by base name in new/ or cur/. Remembers one folder's file names so that reading a folder
/// message by message costs one directory pass, not one per message; a miss or a stale name rescans once,
/// which catches messages moved from new/ to cur/ or re-flagged since.
/// </summary>
internal sealed class MaildirMessageLocator
{
    private string? _indexedDirectory;
    private Dictionary<string, string> _pathByBaseName = new(StringComparer.Ordinal);

    public Stream Open(string folderDirectory, FolderPath folder, string sourceKey)
    {
        if (MaildirFileName.ValidateUniqueName(sourceKey) is { } problem)
            throw new ArgumentException($"\"{sourceKey}\" is not a Maildir message key: {problem}.", nameof(sourceKey));
        if (_indexedDirectory == folderDirectory && _pathByBaseName.TryGetValue(sourceKey, out var known)
            && TryOpen(known, folder, sourceKey) is { } fromIndex)
            return fromIndex;
        Rescan(folderDirectory);
        if (_pathByBaseName.TryGetValue(sourceKey, out var path) && TryOpen(path, folder, sourceKey) is { } stream)
            return stream;
        throw new FileNotFoundException($"The message {sourceKey} is no longer in the folder \"{folder}\".");
    }

    private void Rescan(string folderDirectory)
    {
        _pathByBaseName = PathsByBaseName(folderDirectory);
        _indexedDirectory = folderDirectory;
    }

    /// <summary>Every message file of the folder (new/ and cur/) by its base name.</summary>
    public static Dictionary<string, string> PathsByBaseName(string folderDirectory)
    {
        var index = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var subdirectory in MaildirScanner.MessageDirectories)
            foreach (var entry in MaildirScanner.Enumerate(Path.Combine(folderDirectory, subdirectory)))
                index[MaildirFileName.BaseOf(entry.FileName)] = entry.FullPath;
        return index;
    }

    /// <summary>
    /// Opens the file only when it is no link, and checks again once it is open: .NET cannot open with O_NOFOLLOW, so a
    /// link swapped in between would take two renames timed around one open, and each message is opened once a move.
    /// </summary>
    private static FileStream? TryOpen(string path, FolderPath folder, string sourceKey)
    {
        RefuseLink(path, folder, sourceKey);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete,
                bufferSize: 81920, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        try
        {
            RefuseLink(path, folder, sourceKey);
            return stream;
        }
        catch (IOException)
        {
            stream.Dispose();
            throw;
        }
    }

    private static void RefuseLink(string path, FolderPath folder, string sourceKey)
    {
        var info = new FileInfo(path);
        if (info.LinkTarget is not { } target) return;
        var why = MaildirScanner.IsDanglingLink(info) ? $"is a symbolic link to \"{target}\", which does not exist" : $"is {MaildirLinks.NotMoved}";
        throw new IOException($"the message {sourceKey} in {(folder.IsInbox ? "the Inbox" : $"\"{folder}\"")} cannot be read: its file {why}");
    }
}
