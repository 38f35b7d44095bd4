using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Xunit;

namespace MoveCenter.Testing;

/// <summary>What a user does to their mailbox at an IMAP source while a copy-first move copies it: a session of their own.</summary>
public sealed class SourceEdits : IDisposable
{
    private readonly ImapClient _client;

    private SourceEdits(ImapClient client) => _client = client;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<SourceEdits> OpenAsync(ITestImapServer server, string user) => new(await ImapMailboxReader.LoginAsync(server, user));

    public async Task<IMailFolder> FolderAsync(params string[] path)
    {
        IMailFolder folder = _client.Inbox;
        if (path.Length > 0) folder = _client.GetFolder(_client.PersonalNamespaces[0]);
        foreach (var name in path) folder = await folder.GetSubfolderAsync(name, Ct);
        return folder;
    }

    /// <summary>The folder's UIDs, oldest first.</summary>
    public async Task<IList<UniqueId>> UidsAsync(IMailFolder folder)
    {
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        return await folder.SearchAsync(SearchQuery.All, Ct);
    }

    public async Task ExpungeAsync(IMailFolder folder, IList<UniqueId> uids)
    {
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        await folder.AddFlagsAsync(uids, MessageFlags.Deleted, silent: true, Ct);
        await folder.ExpungeAsync(uids, Ct);
    }

    public async Task StoreAsync(IMailFolder folder, IList<UniqueId> uids, StoreAction action, MessageFlags flags, params string[] keywords)
    {
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        await folder.StoreAsync(uids, new StoreFlagsRequest(action, flags, keywords) { Silent = true }, Ct);
    }

    public async Task RenameAsync(IMailFolder folder, string newName)
    {
        if (folder.IsOpen) await folder.CloseAsync(false, Ct);
        await folder.RenameAsync(folder.ParentFolder!, newName, Ct);
    }

    public async Task DeleteAsync(IMailFolder folder)
    {
        if (folder.IsOpen) await folder.CloseAsync(false, Ct);
        await folder.DeleteAsync(Ct);
    }

    /// <summary>
    /// Gives the folder a new UIDVALIDITY with the same messages (bytes, flags, dates): copied into a new folder, the old
    /// one deleted, the new one renamed to the old name, as a server restored from a backup might.
    /// </summary>
    public async Task RenumberAsync(IMailFolder folder)
    {
        var parent = folder.ParentFolder!;
        var name = folder.Name;
        var copy = await parent.CreateAsync(name + "-renumbered", isMessageFolder: true, Ct)
            ?? throw new InvalidOperationException($"{name}-renumbered was not created");
        await folder.OpenAsync(FolderAccess.ReadWrite, Ct);
        await folder.CopyToAsync(await folder.SearchAsync(SearchQuery.All, Ct), copy, Ct);
        await DeleteAsync(folder);
        await copy.RenameAsync(parent, name, Ct);
    }

    /// <summary>Appends a message of <paramref name="size"/> bytes or so, with a Message-ID of its own.</summary>
    public async Task AppendAsync(IMailFolder folder, string messageId, int size = 2000)
    {
        var text = $"Message-ID: <{messageId}>\r\nSubject: {messageId}\r\n\r\n{new string('x', size)}\r\n";
        using var message = await MimeKit.MimeMessage.LoadAsync(new MemoryStream(System.Text.Encoding.ASCII.GetBytes(text)), Ct);
        await folder.AppendAsync(new AppendRequest(message, MessageFlags.None), Ct);
    }

    public void Dispose() => _client.Dispose();
}
