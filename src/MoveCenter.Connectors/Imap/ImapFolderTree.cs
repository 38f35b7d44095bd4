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
/// <param name="reusedConnection">
/// The connection served an earlier session (<see cref="ImapConnectionPool"/>). MailKit answers a folder name from
/// the folders it saw on the connection, so a folder deleted elsewhere since would still be found and never created
/// again: such a session asks the server for every name it has not seen listed itself.
/// </param>
internal sealed class ImapFolderTree(ImapClient client, ConcurrentDictionary<FolderPath, FolderPath> aliases, bool reusedConnection)
{
    private static readonly (FolderAttributes Attribute, SpecialUse Use, SpecialFolder Folder)[] Roles =
    [
        (FolderAttributes.Sent, SpecialUse.Sent, SpecialFolder.Sent), (FolderAttributes.Drafts, SpecialUse.Drafts, SpecialFolder.Drafts),
        (FolderAttributes.Trash, SpecialUse.Trash, SpecialFolder.Trash), (FolderAttributes.Junk, SpecialUse.Junk, SpecialFolder.Junk),
        (FolderAttributes.Archive, SpecialUse.Archive, SpecialFolder.Archive),
    ];

    /// <summary>Full names the server listed or created during this session.</summary>
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>
    /// The folder holding each role, from this session's last listing and its own creations since, whose roles the
    /// server states in the LIST answer to every CREATE: a mailbox's folders are created without listing the tree again
    /// before each folder with a role. Null until the session lists the tree.
    /// </summary>
    private Dictionary<SpecialUse, FolderPath>? _holders;

    /// <summary>
    /// Whether the whole tree was listed during this session: a name not seen since then is not on the server, unless
    /// another session made it meanwhile, which the names this session saw would not show either.
    /// </summary>
    private bool ListedAll => _holders is not null;

    private FolderNamespace Namespace => client.PersonalNamespaces.Count > 0
        ? client.PersonalNamespaces[0]
        : throw new MailboxAccessException("the server announces no personal namespace");

    /// <summary>Inbox first, then every folder with parents before children.</summary>
    public async Task<IReadOnlyList<(MailFolder Folder, IMailFolder Server)>> ListAsync(CancellationToken cancellationToken)
    {
        var all = await client.GetFoldersAsync(Namespace, StatusItems.None, subscribedOnly: false, cancellationToken);
        // LSUB is asked separately: not every server returns \Subscribed in LIST. It is asked from the top, since
        // "INBOX.*" (Cyrus's namespace) leaves out the Inbox itself.
        var top = new FolderNamespace(Namespace.DirectorySeparator, "");
        var subscribed = (await client.GetFoldersAsync(top, StatusItems.None, subscribedOnly: true, cancellationToken))
            .Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        _seen.UnionWith(all.Select(f => f.FullName));
        var inbox = client.Inbox;
        var folders = new List<(MailFolder, IMailFolder)>
        {
            (new MailFolder(FolderPath.Inbox, subscribed.Contains(inbox.FullName), SpecialUse.Inbox), inbox),
        };
        foreach (var folder in all)
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NonExistent) || IsInbox(folder) || IsElsewhere(folder)) continue;
            folders.Add((new MailFolder(PathOf(folder), subscribed.Contains(folder.FullName), RoleOf(folder)), folder));
        }
        var sorted = folders.OrderBy(f => SortKey(f.Item1.Path), StringComparer.Ordinal).ToList();
        _holders = sorted.Where(f => f.Item1.SpecialUse is not (SpecialUse.None or SpecialUse.Inbox))
            .GroupBy(f => f.Item1.SpecialUse).ToDictionary(g => g.Key, g => g.First().Item1.Path);
        return sorted;
    }

    private static string SortKey(FolderPath path) => path.IsInbox ? "" : "\u0001" + string.Join('\0', path.Segments);

    /// <summary>The server folder for a path, following special-use aliases.</summary>
    public async Task<IMailFolder> GetAsync(FolderPath path, CancellationToken cancellationToken)
    {
        var actual = Resolve(path);
        if (actual.IsInbox) return client.Inbox;
        try
        {
            return await FolderAsync(actual, cancellationToken);
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
            if (_holders is null) await ListAsync(cancellationToken);
            if (_holders!.TryGetValue(folder.SpecialUse, out var holder) && holder != folder.Path) aliases[folder.Path] = holder;
        }
        var target = await CreatePathAsync(Resolve(folder.Path), folder, cancellationToken);
        await SetSubscriptionAsync(target, folder.Subscribed, cancellationToken);
    }

    /// <summary>Every folder except the Inbox, children before parents, for deleting a mailbox.</summary>
    public async Task<IReadOnlyList<IMailFolder>> ListForDeletionAsync(CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).Where(f => !f.Folder.Path.IsInbox).Select(f => f.Server).Reverse().ToList();

    /// <summary>
    /// Cyrus refuses to delete a folder that has a role ("SPECIAL-USE flag conflict", its specialuse_protect), so the
    /// role is taken off first (RFC 6154's /private/specialuse annotation) where the server offers METADATA.
    /// </summary>
    public async Task ReleaseRoleAsync(IMailFolder folder, CancellationToken cancellationToken)
    {
        if (RoleOf(folder) == SpecialUse.None || !client.Capabilities.HasFlag(ImapCapabilities.Metadata)) return;
        // MailKit sends a null value as NIL, which removes the annotation; its signature does not say so.
        await folder.SetMetadataAsync(new MetadataCollection([new Metadata(MetadataTag.PrivateSpecialUse, null!)]), cancellationToken);
    }

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

    private async Task<IMailFolder> CreatePathAsync(FolderPath path, MailFolder requested, CancellationToken cancellationToken)
    {
        var separator = Namespace.DirectorySeparator;
        if (path.Segments.FirstOrDefault(s => s.Contains(separator)) is { } bad)
            throw new UnsupportedFolderNameException(requested.Path, $"\"{bad}\" contains the server's hierarchy delimiter '{separator}'");
        var parent = client.GetFolder(Namespace) ?? throw new MailboxAccessException("the server has no root for its personal namespace");
        for (var depth = 1; depth <= path.Segments.Count; depth++)
        {
            var current = new FolderPath(path.Segments.Take(depth).ToArray());
            try
            {
                parent = await FolderAsync(current, cancellationToken);
            }
            catch (FolderNotFoundException)
            {
                var role = depth == path.Segments.Count ? requested.SpecialUse : SpecialUse.None;
                parent = await CreateAsync(parent, current.Name, role, cancellationToken)
                         ?? throw new MailboxAccessException($"the server did not create \"{current}\"");
                _seen.Add(parent.FullName);
                NoteRole(parent, current);
            }
        }
        return parent;
    }

    /// <summary>The role the server gave a folder just created, where no folder listed before it holds that role.</summary>
    private void NoteRole(IMailFolder created, FolderPath path)
    {
        if (_holders is null || RoleOf(created) is not (not SpecialUse.None and var role)) return;
        if (!_holders.TryGetValue(role, out var holder) || string.CompareOrdinal(SortKey(path), SortKey(holder)) < 0) _holders[role] = path;
    }

    /// <exception cref="FolderNotFoundException">The server has no such folder.</exception>
    private async Task<IMailFolder> FolderAsync(FolderPath path, CancellationToken cancellationToken)
    {
        var fullName = FullNameOf(path);
        if (_seen.Contains(fullName)) return await client.GetFolderAsync(fullName, cancellationToken);
        if (ListedAll) throw new FolderNotFoundException(fullName);
        if (!reusedConnection) return await client.GetFolderAsync(fullName, cancellationToken);
        var parent = path.Parent is { IsInbox: false } above
            ? await FolderAsync(above, cancellationToken)
            : client.GetFolder(Namespace) ?? throw new MailboxAccessException("the server has no root for its personal namespace");
        var children = await parent.GetSubfoldersAsync(StatusItems.None, subscribedOnly: false, cancellationToken);
        _seen.UnionWith(children.Select(c => c.FullName));
        return children.FirstOrDefault(c => c.FullName == fullName) ?? throw new FolderNotFoundException(fullName);
    }

    /// <summary>
    /// A folder with a role is created with it where the server allows (RFC 6154 CREATE-SPECIAL-USE): Cyrus makes no
    /// special-use folders for a new user, and mail clients find Sent or Trash by the role, not by the name.
    /// </summary>
    private async Task<IMailFolder?> CreateAsync(IMailFolder parent, string name, SpecialUse role, CancellationToken cancellationToken)
    {
        var use = Roles.FirstOrDefault(r => r.Use == role);
        if (use.Use == SpecialUse.None || !client.Capabilities.HasFlag(ImapCapabilities.CreateSpecialUse))
            return await parent.CreateAsync(name, isMessageFolder: true, cancellationToken);
        try
        {
            return await parent.CreateAsync(name, [use.Folder], cancellationToken);
        }
        catch (ImapCommandException)
        {
            // A server may refuse a role it keeps for another folder or gives by configuration only; the name still counts.
            return await parent.CreateAsync(name, isMessageFolder: true, cancellationToken);
        }
    }

    private static async Task SetSubscriptionAsync(IMailFolder folder, bool subscribed, CancellationToken cancellationToken)
    {
        if (subscribed) await folder.SubscribeAsync(cancellationToken);
        else await folder.UnsubscribeAsync(cancellationToken);
    }

    private string FullNameOf(FolderPath path) =>
        ImapNamespaceNames.FullName(Namespace, path);

    private FolderPath PathOf(IMailFolder folder) =>
        ImapNamespaceNames.PathOf(Namespace, folder.FullName, folder.DirectorySeparator);

    /// <summary>
    /// With an empty personal prefix (Cyrus's alternative namespace) a LIST of everything also returns the shared
    /// folders and other users' folders the account may see; they are not this mailbox's folders.
    /// </summary>
    private bool IsElsewhere(IMailFolder folder) =>
        client.OtherNamespaces.Concat(client.SharedNamespaces)
            .Any(n => n.Path.Length > 0 && ImapNamespaceNames.Holds(n, folder.FullName));

    private static bool IsInbox(IMailFolder folder) => folder.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase);

    private static SpecialUse RoleOf(IMailFolder folder) =>
        Roles.FirstOrDefault(r => folder.Attributes.HasFlag(r.Attribute)).Use;
}
