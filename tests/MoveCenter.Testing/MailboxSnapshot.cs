using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Maildir;
using Xunit;

namespace MoveCenter.Testing;

/// <summary>One message as a person would compare it: where it is, its exact bytes, flags, keywords and internal date (to the second).</summary>
public sealed record MessageFingerprint(string Folder, string Sha256, MessageFlags Flags, string Keywords, long InternalDateSeconds)
{
    public override string ToString() => $"{Folder}|{Sha256}|{Flags}|{Keywords}|{InternalDateSeconds}";
}

public sealed record FolderFingerprint(string Path, bool Subscribed);

/// <summary>
/// A mailbox read back from disk through the Maildir connector on its own (not through the engine), so that the
/// comparison does not trust anything the engine recorded. Messages that cannot be read are listed apart.
/// </summary>
public sealed record MailboxSnapshot(
    IReadOnlyList<FolderFingerprint> Folders, IReadOnlyList<MessageFingerprint> Messages, IReadOnlyList<string> UnreadableKeys)
{
    /// <param name="asImap">Hashes the bytes as IMAP carries them (every bare LF as CRLF), to compare with a mailbox read over IMAP.</param>
    public static async Task<MailboxSnapshot> TakeAsync(string postOfficeRoot, string userId, bool asImap = false)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var mailbox = await new MaildirMailStore(postOfficeRoot, NullLogger.Instance).OpenMailboxAsync(userId, ct);
        var folders = new List<FolderFingerprint>();
        var messages = new List<MessageFingerprint>();
        var unreadable = new List<string>();
        foreach (var folder in await mailbox.ListFoldersAsync(ct))
        {
            folders.Add(new FolderFingerprint(folder.Path.ToString(), folder.Subscribed));
            await foreach (var message in mailbox.ListMessagesAsync(folder.Path, ct))
            {
                string hash;
                try
                {
                    await using var content = await mailbox.OpenMessageAsync(folder.Path, message.SourceKey, ct);
                    hash = asImap ? ImapMailboxReader.Sha256AsImap(content) : Convert.ToHexString(await SHA256.HashDataAsync(content, ct));
                }
                catch (IOException)
                {
                    unreadable.Add(message.SourceKey);
                    continue;
                }
                messages.Add(new MessageFingerprint(folder.Path.ToString(), hash, message.Flags,
                    string.Join(' ', message.Keywords.Order(StringComparer.Ordinal)), message.InternalDate.ToUnixTimeSeconds()));
            }
        }
        return new MailboxSnapshot(
            [.. folders.OrderBy(f => f.Path, StringComparer.Ordinal)],
            [.. messages.OrderBy(m => m.ToString(), StringComparer.Ordinal)],
            unreadable);
    }

    /// <summary>Message files per folder directory, counted on disk (new/ and cur/), to catch a copy the connector would fold into one.</summary>
    public static IReadOnlyDictionary<string, int> CountFilesOnDisk(string maildir) =>
        System.IO.Directory.EnumerateDirectories(maildir).Where(d => Path.GetFileName(d).StartsWith('.')).Prepend(maildir)
            .ToDictionary(
                d => d == maildir ? "INBOX" : Path.GetFileName(d),
                d => new[] { "new", "cur" }.Sum(sub => System.IO.Directory.Exists(Path.Combine(d, sub)) ? System.IO.Directory.EnumerateFiles(Path.Combine(d, sub)).Count() : 0));

    public void AssertSameMail(MailboxSnapshot target)
    {
        Assert.Equal(Folders, target.Folders);
        Assert.Equal(Messages.Select(m => m.ToString()), target.Messages.Select(m => m.ToString()));
    }
}
