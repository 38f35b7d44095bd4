using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;
using MoveCenter.Connectors;
using Xunit;

namespace MoveCenter.Testing;

/// <summary>A message as counted at a target, to find a copy delivered twice: Message-ID, internal date and size.</summary>
public sealed record MessageIdentity(string Folder, string? MessageId, long InternalDateSeconds, long Size);

/// <summary>
/// Reads a user's mailbox on a test server through its own MailKit session (the server's own way for the admin to log
/// in as the user), not through the product's IMAP connector, so the comparison trusts nothing the product does.
/// </summary>
public static class ImapMailboxReader
{
    private const int FetchChunk = 250;

    public static Task<ImapClient> LoginAsync(ITestImapServer server, string user) =>
        ConnectAsync(server, (client, ct) => server.LogInAsUserAsync(client, user, ct));

    /// <summary>The admin's own session, which sees shared folders and (on Cyrus) every user's.</summary>
    public static Task<ImapClient> LoginAsAdminAsync(ITestImapServer server) =>
        ConnectAsync(server, (client, ct) => client.AuthenticateAsync(server.MasterUser, server.MasterPassword, ct));

    /// <summary>Every folder (path as the product stores it, subscription) and every message (SHA-256 of BODY[], flags, keywords, INTERNALDATE).</summary>
    public static async Task<MailboxSnapshot> SnapshotAsync(ITestImapServer server, string user)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await LoginAsync(server, user);
        var folders = new List<FolderFingerprint>();
        var messages = new List<MessageFingerprint>();
        foreach (var (folder, path, subscribed) in await FoldersAsync(client))
        {
            folders.Add(new FolderFingerprint(path, subscribed));
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect)) continue;
            await folder.OpenAsync(FolderAccess.ReadOnly, ct);
            var summaries = (await folder.FetchAsync(0, -1,
                    MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate, ct))
                .ToDictionary(s => s.UniqueId);
            foreach (var chunk in summaries.Keys.Chunk(FetchChunk))
            {
                var hashes = new Dictionary<UniqueId, string>();
                await ((ImapFolder)folder).GetStreamsAsync(chunk, async (_, _, uid, stream, token) =>
                {
                    hashes[uid] = Convert.ToHexString(await SHA256.HashDataAsync(stream, token));
                }, ct);
                foreach (var uid in chunk)
                {
                    var summary = summaries[uid];
                    messages.Add(new MessageFingerprint(path, hashes[uid], ToContract(summary.Flags),
                        string.Join(' ', summary.Keywords.Order(StringComparer.Ordinal)), summary.InternalDate!.Value.ToUnixTimeSeconds()));
                }
            }
            await folder.CloseAsync(expunge: false, ct);
        }
        await client.DisconnectAsync(quit: true, ct);
        return new MailboxSnapshot(
            [.. folders.OrderBy(f => f.Path, StringComparer.Ordinal)],
            [.. messages.OrderBy(m => m.ToString(), StringComparer.Ordinal)],
            []);
    }

    /// <summary>Message-ID, internal date and size of every message, per folder.</summary>
    public static async Task<List<MessageIdentity>> IdentitiesAsync(ITestImapServer server, string user)
    {
        var ct = TestContext.Current.CancellationToken;
        using var client = await LoginAsync(server, user);
        var identities = new List<MessageIdentity>();
        foreach (var (folder, path, _) in await FoldersAsync(client))
        {
            if (folder.Attributes.HasFlag(FolderAttributes.NoSelect)) continue;
            await folder.OpenAsync(FolderAccess.ReadOnly, ct);
            foreach (var s in await folder.FetchAsync(0, -1,
                         MessageSummaryItems.Envelope | MessageSummaryItems.InternalDate | MessageSummaryItems.Size, ct))
                identities.Add(new MessageIdentity(path, s.Envelope?.MessageId, s.InternalDate!.Value.ToUnixTimeSeconds(), s.Size!.Value));
            await folder.CloseAsync(expunge: false, ct);
        }
        await client.DisconnectAsync(quit: true, ct);
        return identities;
    }

    /// <summary>The SHA-256 of a message as IMAP would carry it: every LF not preceded by CR becomes CRLF, bare CRs stay.</summary>
    public static string Sha256AsImap(Stream content)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[81920];
        var output = new byte[2 * buffer.Length];
        var previous = (byte)0;
        int read;
        while ((read = content.Read(buffer, 0, buffer.Length)) > 0)
        {
            var length = 0;
            for (var i = 0; i < read; i++)
            {
                if (buffer[i] == (byte)'\n' && previous != (byte)'\r') output[length++] = (byte)'\r';
                output[length++] = buffer[i];
                previous = buffer[i];
            }
            hash.AppendData(output, 0, length);
        }
        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static async Task<ImapClient> ConnectAsync(ITestImapServer server, Func<ImapClient, CancellationToken, Task> logIn)
    {
        var ct = TestContext.Current.CancellationToken;
        var client = new ImapClient();
        try
        {
            await client.ConnectAsync(server.Host, server.ImapPort, SecureSocketOptions.None, ct);
            await logIn(client, ct);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private static async Task<List<(IMailFolder Folder, string Path, bool Subscribed)>> FoldersAsync(ImapClient client)
    {
        var ct = TestContext.Current.CancellationToken;
        var personal = client.PersonalNamespaces[0];
        // From the top: LSUB "INBOX.*" (Cyrus's namespace) would leave out the Inbox itself.
        var top = new FolderNamespace(personal.DirectorySeparator, "");
        var subscribed = (await client.GetFoldersAsync(top, subscribedOnly: true, ct)).Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        var all = await client.GetFoldersAsync(personal, subscribedOnly: false, ct);
        if (!all.Any(f => f.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase))) all = [client.Inbox, .. all];
        // Cyrus's alternative namespace has no prefix, so a LIST of everything also shows shared and other users' folders.
        var elsewhere = client.SharedNamespaces.Concat(client.OtherNamespaces).Where(n => n.Path.Length > 0)
            .Select(n => n.Path.TrimEnd(n.DirectorySeparator) + n.DirectorySeparator).ToList();
        return all
            .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !elsewhere.Any(p => f.FullName.StartsWith(p, StringComparison.Ordinal)))
            .Select(f => (f, PathOf(personal, f), subscribed.Contains(f.FullName)))
            .ToList();
    }

    /// <summary>The path below the personal namespace's prefix: Cyrus's "INBOX.Projects.Alpha" is "Projects/Alpha".</summary>
    private static string PathOf(FolderNamespace personal, IMailFolder folder)
    {
        if (folder.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase)) return FolderPath.Inbox.ToString();
        var prefix = personal.Path.Length == 0 ? "" : personal.Path.TrimEnd(personal.DirectorySeparator) + personal.DirectorySeparator;
        var name = folder.FullName.StartsWith(prefix, StringComparison.Ordinal) ? folder.FullName[prefix.Length..] : folder.FullName;
        return new FolderPath(name.Split(folder.DirectorySeparator)).ToString();
    }

    private static Connectors.MessageFlags ToContract(MailKit.MessageFlags? flags)
    {
        var f = flags ?? MailKit.MessageFlags.None;
        var result = Connectors.MessageFlags.None;
        if (f.HasFlag(MailKit.MessageFlags.Seen)) result |= Connectors.MessageFlags.Seen;
        if (f.HasFlag(MailKit.MessageFlags.Answered)) result |= Connectors.MessageFlags.Answered;
        if (f.HasFlag(MailKit.MessageFlags.Flagged)) result |= Connectors.MessageFlags.Flagged;
        if (f.HasFlag(MailKit.MessageFlags.Deleted)) result |= Connectors.MessageFlags.Deleted;
        if (f.HasFlag(MailKit.MessageFlags.Draft)) result |= Connectors.MessageFlags.Draft;
        return result;
    }
}
