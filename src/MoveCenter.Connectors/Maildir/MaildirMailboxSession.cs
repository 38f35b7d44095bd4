using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;

namespace MoveCenter.Connectors.Maildir;

/// <summary>One user's Maildir++ directory. Files are only ever renamed into place, so readers never see partial messages.</summary>
internal sealed class MaildirMailboxSession(string storeRoot, string maildir, MaildirOptions options, ILogger logger) : IMailboxSession
{
    private static readonly string[] MaildirSubdirectories = ["cur", "new", "tmp"];

    private readonly MaildirDelivery _delivery = new(options, logger);
    private readonly MaildirMessageLocator _locator = new();

    public Task<bool> ExistsAsync(CancellationToken cancellationToken) => Task.FromResult(IsMaildir(maildir));

    public Task CreateAsync(CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        CreateMaildir(maildir);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken)
    {
        EnsureMailboxExists();
        var subscribed = MaildirSubscriptions.Load(maildir);
        var paths = new SortedSet<FolderPath>(SegmentComparer.Instance);
        foreach (var directory in Directory.EnumerateDirectories(maildir))
        {
            var name = Path.GetFileName(directory);
            if (!MaildirFolderNames.TryParseDirectoryName(name, out var folder))
            {
                if (name.StartsWith('.')) logger.LogWarning("Ignoring {Directory}: not a Maildir++ folder name", directory);
                continue;
            }
            // A ".A.B" without ".A" still has A as its parent in every IMAP view of the mailbox.
            for (var path = folder; path is { IsInbox: false }; path = path.Parent) paths.Add(path);
        }
        IReadOnlyList<MailFolder> folders = paths.Prepend(FolderPath.Inbox)
            .Select(p => new MailFolder(p, subscribed.Contains(p), MaildirFolderNames.SpecialUseOf(p))
            {
                SkipReason = MaildirLinks.FolderSkipReason(maildir, FolderDirectory(p)),
            })
            .ToList();
        return Task.FromResult(folders);
    }

    public async IAsyncEnumerable<MessageSummary> ListMessagesAsync(
        FolderPath folder, Func<string, bool> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = ExistingFolderDirectory(folder);
        // ListFoldersAsync names such a folder with its skip reason; nothing behind the link is looked at.
        if (MaildirLinks.FindIn(maildir, directory) is not null) yield break;
        var keywords = DovecotKeywords.Load(directory);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, name) in Entries(directory, listed, wanted, cancellationToken))
        {
            if (entry.IsLink && !MaildirScanner.IsDanglingLink(new FileInfo(entry.FullPath)))
            {
                listed.Add(name.BaseName);
                yield return new MessageSummary(name.BaseName, folder, name.SizeFromName ?? 0, name.Flags, [], name.DeliveredAt, null)
                {
                    SkipReason = MaildirLinks.NotMoved,
                };
                continue;
            }
            if (MaildirScanner.Stat(entry, name.SizeFromName) is not var (size, modified)) continue;
            listed.Add(name.BaseName);
            var headers = entry.IsLink ? MessageHeaders.None : await MaildirScanner.ReadHeadersAsync(entry.FullPath, cancellationToken);
            yield return headers.ApplyTo(new MessageSummary(
                name.BaseName, folder, size, name.Flags, KeywordNames(name, keywords, entry), modified, headers.MessageId));
        }
    }

    /// <summary>From the file names alone (flags and keyword letters are in them): no file is opened.</summary>
    public async IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var directory = ExistingFolderDirectory(folder);
        if (MaildirLinks.FindIn(maildir, directory) is not null) yield break;
        var keywords = DovecotKeywords.Load(directory);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (entry, name) in Entries(directory, listed, static _ => true, cancellationToken))
        {
            listed.Add(name.BaseName);
            yield return new MessageState(name.BaseName, name.Flags, KeywordNames(name, keywords, entry));
        }
        await Task.CompletedTask;
    }

    /// <summary>
    /// The folder's message files whose base names are wanted and not <paramref name="listed"/> yet; the caller adds
    /// each name it lists. new/ before cur/: a message moved from new to cur meanwhile is then seen twice (and listed
    /// once), never missed, as a file gone from new/ when it is looked at is not listed and is found in cur/.
    /// </summary>
    private static IEnumerable<(MaildirEntry Entry, MaildirFileName Name)> Entries(
        string directory, HashSet<string> listed, Func<string, bool> wanted, CancellationToken cancellationToken)
    {
        foreach (var subdirectory in MaildirScanner.MessageDirectories)
        {
            foreach (var entry in MaildirScanner.Enumerate(Path.Combine(directory, subdirectory)))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var name = MaildirFileName.Parse(entry.FileName);
                if (!listed.Contains(name.BaseName) && wanted(name.BaseName)) yield return (entry, name);
            }
        }
    }

    public Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken)
    {
        var directory = ExistingFolderDirectory(folder);
        if (MaildirLinks.FolderSkipReason(maildir, directory) is { } reason)
            throw new IOException($"the folder \"{folder}\" is not read: {reason}");
        return Task.FromResult(_locator.Open(directory, folder, sourceKey));
    }

    public Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        CreateMaildir(maildir);
        for (var path = folder.Path; path is { IsInbox: false }; path = path.Parent)
        {
            var directory = FolderDirectory(path);
            CreateMaildir(directory);
            // Maildir++ marks folders with this file; Courier and Dovecot's LDA look for it. Created only where nothing
            // is, not even a dangling link, which the write would follow.
            var marker = Path.Combine(directory, "maildirfolder");
            if (!File.Exists(marker) && !MaildirLinks.IsLink(marker))
                File.WriteAllBytes(marker, []);
        }
        var subscribed = MaildirSubscriptions.Load(maildir);
        var changed = folder.Subscribed ? subscribed.Add(folder.Path) : subscribed.Remove(folder.Path);
        if (changed) MaildirSubscriptions.Save(maildir, subscribed);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
        FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken) =>
        Task.FromResult(MaildirDelivery.FindDelivered(FolderDirectory(folder), candidates));

    public Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        var directory = ExistingFolderDirectory(folder);
        if (MaildirLinks.FindIn(maildir, directory) is { } link)
            return Task.FromResult<IReadOnlyList<AppendOutcome>>(
                messages.Select(m => AppendOutcome.Failure(m.DeliveryKey, MaildirLinks.WritingRefused(link))).ToList());
        return _delivery.AppendAsync(directory, messages, cancellationToken);
    }

    public Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        MaildirChanges.SetFlags(ExistingFolderDirectory(folder), changes, _delivery);
        return Task.CompletedTask;
    }

    public Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        MaildirChanges.Remove(ExistingFolderDirectory(folder), keys);
        return Task.CompletedTask;
    }

    /// <summary>Maildir++ keeps subfolders beside their parent (".A.B" next to ".A"), so only the folder's own directory goes.</summary>
    public Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken)
    {
        EnsureStoreAvailable();
        if (folder.IsInbox) throw new ArgumentException("The Inbox cannot be deleted.", nameof(folder));
        var directory = FolderDirectory(folder);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        var subscribed = MaildirSubscriptions.Load(maildir);
        if (subscribed.Remove(folder)) MaildirSubscriptions.Save(maildir, subscribed);
        return Task.CompletedTask;
    }

    public Task DeleteAsync(CancellationToken cancellationToken)
    {
        // Deletes symlinks themselves, never what they point to.
        if (Directory.Exists(maildir)) Directory.Delete(maildir, recursive: true);
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private IReadOnlyList<string> KeywordNames(MaildirFileName name, DovecotKeywords keywords, MaildirEntry entry)
    {
        var names = new List<string>(name.KeywordIndexes.Count);
        foreach (var index in name.KeywordIndexes)
        {
            if (keywords.NameOf(index) is { } keyword) names.Add(keyword);
            else logger.LogWarning("{File} has keyword letter '{Letter}', which dovecot-keywords does not name", entry.FullPath, (char)('a' + index));
        }
        return names;
    }

    private string FolderDirectory(FolderPath folder) =>
        folder.IsInbox ? maildir : Path.Combine(maildir, MaildirFolderNames.ToDirectoryName(folder));

    private string ExistingFolderDirectory(FolderPath folder)
    {
        var directory = FolderDirectory(folder);
        if (!Directory.Exists(Path.Combine(directory, "cur")))
        {
            EnsureStoreAvailable();
            throw new MailboxAccessException($"The folder \"{folder}\" does not exist in {maildir}.");
        }
        return directory;
    }

    private void EnsureMailboxExists()
    {
        EnsureStoreAvailable();
        if (!IsMaildir(maildir)) throw new MailboxAccessException($"There is no Maildir at {maildir}.");
    }

    private void EnsureStoreAvailable()
    {
        if (!Directory.Exists(storeRoot))
            throw new PostOfficeUnavailableException($"The Maildir root {storeRoot} does not exist or is not mounted.");
    }

    private static bool IsMaildir(string directory) =>
        MaildirSubdirectories.All(d => Directory.Exists(Path.Combine(directory, d)));

    private void CreateMaildir(string directory)
    {
        MaildirLinks.RefuseWritingThrough(maildir, directory);
        foreach (var subdirectory in MaildirSubdirectories) Directory.CreateDirectory(Path.Combine(directory, subdirectory));
    }

    /// <summary>Orders by segments so that a parent always precedes its children, whatever characters follow.</summary>
    private sealed class SegmentComparer : IComparer<FolderPath>
    {
        public static readonly SegmentComparer Instance = new();

        public int Compare(FolderPath? x, FolderPath? y)
        {
            var a = x?.Segments ?? [];
            var b = y?.Segments ?? [];
            for (var i = 0; i < Math.Min(a.Count, b.Count); i++)
            {
                var order = string.CompareOrdinal(a[i], b[i]);
                if (order != 0) return order;
            }
            return a.Count.CompareTo(b.Count);
        }
    }
}
