namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// Changes to messages already delivered into a Maildir folder, found by their base name (the delivery key): new flags
/// and keywords by a rename within cur/, removal by deleting the file. A name the folder does not hold is passed over,
/// so a change made again after a crash does nothing more.
/// </summary>
internal static class MaildirChanges
{
    public static void SetFlags(string folderDirectory, IReadOnlyList<FlagChange> changes, MaildirDelivery delivery)
    {
        var keywords = MaildirDelivery.KeywordsWith(folderDirectory, changes.SelectMany(c => c.Keywords));
        var paths = MaildirMessageLocator.PathsByBaseName(folderDirectory);
        foreach (var change in changes)
        {
            if (!paths.TryGetValue(change.Key, out var path)) continue;
            var name = MaildirFileName.Compose(change.Key, change.Flags, delivery.KeywordIndexes(change.Keywords, change.Key, keywords));
            var renamed = Path.Combine(folderDirectory, "cur", name);
            if (path != renamed) File.Move(path, renamed, overwrite: false);
        }
    }

    public static void Remove(string folderDirectory, IReadOnlyCollection<string> keys)
    {
        var paths = MaildirMessageLocator.PathsByBaseName(folderDirectory);
        foreach (var key in keys)
            if (paths.TryGetValue(key, out var path)) File.Delete(path);
    }
}
