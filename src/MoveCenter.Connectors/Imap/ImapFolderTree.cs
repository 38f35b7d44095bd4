using System.Collections.Concurrent;
using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Maps <see cref="FolderPath"/>s to the server's folders in the personal namespace, using the server's own delimiter.
/// A folder with a special use whose role already belongs to a target folder of another name ("Sent Items" → "Sent")
/// is aliased to that folder; the aliases are shared by all sessions of one mailbox, so a session that did not call
/// EnsureFolderAsync for the folder still appends to the right place.
/// </summary>
internal sealed class ImapFolderTree(ImapClient client, ConcurrentDictionary<FolderPath, FolderPath> aliases)
{
    private static readonly (FolderAttributes Attribute, SpecialUse Use)[] Roles =
    [
        (FolderAttributes.Sent, SpecialUse.Sent), (FolderAttributes.Drafts, SpecialUse.Drafts),
        (FolderAttributes.Trash, SpecialUse.Trash), (FolderAttributes.Junk, SpecialUse.Junk),
        (FolderAttributes.Archive, SpecialUse.Archive),
    ];

    private FolderNamespace Namespace => client.PersonalNamespaces.Count > 0
        ? client.PersonalNamespaces[0]
        : throw new MailboxAccessException("the server announces no personal namespace");

    /// <summary>Inbox first, then every folder with parents before children.</summary>
    public async Task<IReadOnlyList<(MailFolder Folder, IMailFolder Server)>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await client.GetFoldersAsync(Namespace, StatusItems.None, subscribedOnly: false, cancellationToken);
        // LSUB is asked separately: not every server returns \Subscribed in LIST.
        var subscribed = (await client.GetFoldersAsync(Namespace, StatusItems.None, subscribedOnly: true, cancellationToken))
            .Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        var inbox = client.Inbox;
        var folders = new List<(MailFolder, IMailFolder)>
        {
            (new MailFolder(FolderPath.Inbox, subscribed.Contains(inbox.FullName), SpecialUse.Inbox), inbox),
        };
        foreach (var folder in all)
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NonExistent) || IsInbox(folder)) continue;
            folders.Add((new MailFolder(PathOf(folder), subscribed.Contains(folder.FullName), RoleOf(folder)), folder));
        }
        return folders.OrderBy(f => f.Item1.Path.IsInbox ? "" : "\u0001" + string.Join('\0', f.Item1.Path.Segments), StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The server folder for a path, following special-use aliases.</summary>
    public async Task<IMailFolder> GetAsync(FolderPath path, CancellationToken cancellationToken)
    {
        var actual = Resolve(path);
        if (actual.IsInbox) return client.Inbox;
        try
        {
            return await client.GetFolderAsync(FullNameOf(actual), cancellationToken);
        }
        catch (FolderNotFoundException e)
        {
            throw new MailboxAccessException($"the folder \"{path}\" does not exist at the target", e);
        }
    }

    public async Task EnsureAsync(MailFolder folder, CancellationToken cancellationToken)
    {
        if (folder.Path.IsInbox)
        {
            await SetSubscriptionAsync(client.Inbox, folder.Subscribed, cancellationToken);
            return;
        }
        if (folder.SpecialUse is not (SpecialUse.None or SpecialUse.Inbox) && !aliases.ContainsKey(folder.Path))
        {
            var holder = (await ListAsync(cancellationToken)).FirstOrDefault(f => f.Folder.SpecialUse == folder.SpecialUse);
            if (holder.Server is not null && holder.Folder.Path != folder.Path) aliases[folder.Path] = holder.Folder.Path;
        }
        var target = await CreatePathAsync(Resolve(folder.Path), folder.Path, cancellationToken);
        await SetSubscriptionAsync(target, folder.Subscribed, cancellationToken);
    }

    /// <summary>Every folder except the Inbox, children before parents, for deleting a mailbox.</summary>
    public async Task<IReadOnlyList<IMailFolder>> ListForDeletionAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Where(f => !f.Folder.Path.IsInbox).Select(f => f.Server).Reverse().ToList();

    private FolderPath Resolve(FolderPath path)
    {
        // Children of an aliased folder go below the alias as well ("Sent Items/2020" → "Sent/2020").
        for (var prefix = path; prefix is { IsInbox: false }; prefix = prefix.Parent)
        {
            if (aliases.TryGetValue(prefix, out var actual))
                return new FolderPath([.. actual.Segments, .. path.Segments.Skip(prefix.Segments.Count)]);
        }
        return path;
    }

    private async Task<IMailFolder> CreatePathAsync(FolderPath path, FolderPath requested, CancellationToken cancellationToken)
    {
        var separator = Namespace.DirectorySeparator;
        if (path.Segments.FirstOrDefault(s => s.Contains(separator)) is { } bad)
            throw new UnsupportedFolderNameException(requested, $"\"{bad}\" contains the server's hierarchy delimiter '{separator}'");
        var parent = client.GetFolder(Namespace) ?? throw new MailboxAccessException("the server has no root for its personal namespace");
        for (var depth = 1; depth <= path.Segments.Count; depth++)
        {
            var current = new FolderPath(path.Segments.Take(depth).ToArray());
            try
            {
                parent = await client.GetFolderAsync(FullNameOf(current), cancellationToken);
            }
            catch (FolderNotFoundException)
            {
                parent = await parent.CreateAsync(current.Name, isMessageFolder: true, cancellationToken)
                         ?? throw new MailboxAccessException($"the server did not create \"{current}\"");
            }
        }
        return parent;
    }

    private static async Task SetSubscriptionAsync(IMailFolder folder, bool subscribed, CancellationToken cancellationToken)
    {
        if (subscribed) await folder.SubscribeAsync(cancellationToken);
        else await folder.UnsubscribeAsync(cancellationToken);
    }

    private string FullNameOf(FolderPath path) =>
        Namespace.Path + string.Join(Namespace.DirectorySeparator, path.Segments);

    private FolderPath PathOf(IMailFolder folder)
    {
        var name = folder.FullName;
        if (Namespace.Path.Length > 0 && name.StartsWith(Namespace.Path, StringComparison.Ordinal)) name = name[Namespace.Path.Length..];
        return new FolderPath(name.Split(folder.DirectorySeparator, StringSplitOptions.RemoveEmptyEntries));
    }

    private static bool IsInbox(IMailFolder folder) => folder.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase);

    private static SpecialUse RoleOf(IMailFolder folder) =>
        Roles.FirstOrDefault(r => folder.Attributes.HasFlag(r.Attribute)).Use;
}
