using System.Net;
using System.Security.Cryptography;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

using MoveCenter.Testing;

namespace MoveCenter.Benchmark;

/// <summary>What a message is, for comparing two servers: its bytes' SHA-256, system flags, keywords and INTERNALDATE.</summary>
internal sealed record MessageFingerprint(string Sha256, MessageFlags Flags, string Keywords, DateTimeOffset InternalDate)
{
    public override string ToString() => $"{Sha256[..12]} {Flags} [{Keywords}] {InternalDate.UtcDateTime:u}";
}

/// <summary>Every folder of one mailbox with its messages' fingerprints, read over a fresh IMAP session with MailKit directly.</summary>
internal sealed class MailboxSnapshot
{
    private const MessageFlags SystemFlags = MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged | MessageFlags.Deleted | MessageFlags.Draft;

    public required IReadOnlyDictionary<string, List<MessageFingerprint>> Folders { get; init; }

    public int Count => Folders.Values.Sum(f => f.Count);

    public static async Task<MailboxSnapshot> TakeAsync(string host, int port, string masterUser, string masterPassword, string user, CancellationToken cancellationToken)
    {
        using var client = new ImapClient();
        await client.ConnectAsync(host, port, SecureSocketOptions.None, cancellationToken);
        await client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(masterUser, masterPassword)) { AuthorizationId = user }, cancellationToken);
        if (client.Capabilities.HasFlag(ImapCapabilities.UTF8Accept)) await client.EnableUTF8Async(cancellationToken);
        var folders = new List<IMailFolder> { client.Inbox };
        folders.AddRange((await client.GetFoldersAsync(client.PersonalNamespaces[0], subscribedOnly: false, cancellationToken: cancellationToken))
            .Where(f => !f.Attributes.HasFlag(FolderAttributes.NonExistent) && !f.Attributes.HasFlag(FolderAttributes.NoSelect) && f != client.Inbox && !f.FullName.Equals("INBOX", StringComparison.OrdinalIgnoreCase)));

        var result = new Dictionary<string, List<MessageFingerprint>>(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
            var list = new List<MessageFingerprint>();
            if (folder.Count > 0)
            {
                var summaries = (await folder.FetchAsync(0, -1, MessageSummaryItems.UniqueId | MessageSummaryItems.Flags | MessageSummaryItems.InternalDate, cancellationToken))
                    .ToDictionary(s => s.UniqueId);
                var hashes = new Dictionary<UniqueId, string>();
                foreach (var chunk in summaries.Keys.Chunk(200))
                    await ((ImapFolder)folder).GetStreamsAsync(chunk, async (_, _, uid, stream, ct) =>
                    {
                        hashes[uid] = Convert.ToHexString(await SHA256.HashDataAsync(stream, ct));
                    }, cancellationToken);
                foreach (var (uid, summary) in summaries)
                    list.Add(new MessageFingerprint(hashes[uid], (summary.Flags ?? MessageFlags.None) & SystemFlags,
                        string.Join(' ', summary.Keywords.Order(StringComparer.Ordinal)), summary.InternalDate ?? DateTimeOffset.MinValue));
            }
            await folder.CloseAsync(expunge: false, cancellationToken);
            result[folder.FullName] = list;
        }
        await client.DisconnectAsync(quit: true, cancellationToken);
        return new MailboxSnapshot { Folders = result };
    }

    /// <summary>The differences, folder by folder: counts, then each message (bytes, flags, keywords, date) as a multiset.</summary>
    /// <summary>How many differences the users' mailboxes at <paramref name="target"/> have from what was expected; the first few of each are printed.</summary>
    public static async Task<int> DifferencesAsync(DovecotServer target, IReadOnlyDictionary<string, MailboxSnapshot> expected, CancellationToken cancellationToken)
    {
        var differences = 0;
        foreach (var (user, snapshot) in expected)
        {
            var actual = await TakeAsync(target.Host, target.ImapPort, target.MasterUser, target.MasterPassword, user, cancellationToken);
            var problems = Compare(snapshot, actual);
            foreach (var problem in problems.Take(5)) Console.WriteLine($"  {user}: {problem}");
            differences += problems.Count;
        }
        return differences;
    }

    public static List<string> Compare(MailboxSnapshot source, MailboxSnapshot target)
    {
        var problems = new List<string>();
        foreach (var name in source.Folders.Keys.Union(target.Folders.Keys).Order(StringComparer.Ordinal))
        {
            var expected = source.Folders.GetValueOrDefault(name) ?? [];
            var actual = target.Folders.GetValueOrDefault(name);
            if (actual is null)
            {
                if (expected.Count > 0) problems.Add($"folder \"{name}\" is missing at the target ({expected.Count} messages)");
                continue;
            }
            if (expected.Count != actual.Count)
                problems.Add($"folder \"{name}\": {expected.Count} messages at the source, {actual.Count} at the target");
            var remaining = actual.GroupBy(Key).ToDictionary(g => g.Key, g => g.Count());
            foreach (var message in expected)
            {
                var key = Key(message);
                if (remaining.TryGetValue(key, out var left) && left > 0) remaining[key] = left - 1;
                else problems.Add($"folder \"{name}\": no exact copy of {message} at the target");
            }
            foreach (var (key, left) in remaining.Where(r => r.Value > 0))
                problems.Add($"folder \"{name}\": {left} unexpected message(s) {key} at the target");
        }
        return problems;
    }

    private static (string, MessageFlags, string, DateTime) Key(MessageFingerprint m) => (m.Sha256, m.Flags, m.Keywords, m.InternalDate.UtcDateTime);
}
