using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Connectors.Tests;

/// <summary>Stores, users, copying and snapshots for tests against Dovecot.</summary>
internal static class ImapTesting
{
    private static int _users;

    public static ImapMailStore Store(DovecotServer server, string? password = null,
        ImapSecurity security = ImapSecurity.None, bool skipCertificateValidation = false, bool withSieve = false) =>
        new(new ImapConnectionSettings(server.Host, security == ImapSecurity.Tls ? server.ImapsPort : server.ImapPort, security, server.MasterUser,
            password ?? server.MasterPassword, skipCertificateValidation, withSieve ? server.SievePort : null), NullLogger.Instance);

    public static ImapMailStore Store(ITestImapServer server, ImapConnectionPool? pool = null) =>
        new(new ImapConnectionSettings(server.Host, server.ImapPort, ImapSecurity.None, server.MasterUser, server.MasterPassword), NullLogger.Instance, pool);

    public static async Task<string> NewUserAsync(params ITestImapServer[] servers)
    {
        var user = $"user{Interlocked.Increment(ref _users)}";
        foreach (var server in servers) await server.AddUserAsync(user, "secret");
        return user;
    }

    public static Task<IMailboxSession> OpenAsync(ITestImapServer server, string user) =>
        Store(server).OpenMailboxAsync(user, TestContext.Current.CancellationToken);

    /// <summary>Copies every folder and message the way the mover does: folders first, then each folder's messages.</summary>
    public static async Task CopyAsync(IMailboxSession source, IMailboxSession target, int batchSize = 40)
    {
        var ct = TestContext.Current.CancellationToken;
        foreach (var folder in await source.ListFoldersAsync(ct))
        {
            await target.EnsureFolderAsync(folder, ct);
            var messages = new List<OutgoingMessage>();
            await foreach (var m in source.ListMessagesAsync(folder.Path, ct)) messages.Add(ToOutgoing(source, m));
            foreach (var batch in messages.Chunk(batchSize))
            {
                var outcomes = await target.AppendAsync(folder.Path, batch, ct);
                Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
            }
        }
    }

    public static OutgoingMessage ToOutgoing(IMailboxSession source, MessageSummary m) =>
        new(m.SourceKey, m.Size, m.Flags, m.Keywords, m.InternalDate, m.MessageId,
            c => source.OpenMessageAsync(m.Folder, m.SourceKey, c));

    public static OutgoingMessage Outgoing(string key, byte[] content, DateTimeOffset date, string? messageId = null,
        MessageFlags flags = MessageFlags.None, IReadOnlyList<string>? keywords = null) =>
        new(key, content.Length, flags, keywords ?? [], date, messageId,
            _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));

    /// <summary>
    /// One line per message: folder, SHA-256, flags, keywords, internal date, Message-ID. With <paramref name="asImap"/>
    /// the hash is of the bytes as IMAP carries them (every bare LF as CRLF), which is what any IMAP server returns
    /// for a Maildir file written with LF line ends.
    /// </summary>
    public static async Task<List<string>> SnapshotAsync(IMailboxSession mailbox, bool asImap)
    {
        var ct = TestContext.Current.CancellationToken;
        var lines = new List<string>();
        foreach (var folder in await mailbox.ListFoldersAsync(ct))
        {
            await foreach (var message in mailbox.ListMessagesAsync(folder.Path, ct))
            {
                await using var content = await mailbox.OpenMessageAsync(folder.Path, message.SourceKey, ct);
                var bytes = await ReadAllAsync(content);
                var hash = Convert.ToHexString(SHA256.HashData(asImap ? Crlf(bytes) : bytes));
                var keywords = string.Join(",", message.Keywords.Order(StringComparer.Ordinal));
                lines.Add($"{folder.Path}|{hash}|{message.Flags}|{keywords}|{message.InternalDate.ToUnixTimeSeconds()}|{message.MessageId}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, TestContext.Current.CancellationToken);
        return buffer.ToArray();
    }

    public static async Task<List<MessageSummary>> ListAsync(IMailboxSession mailbox, FolderPath folder)
    {
        var list = new List<MessageSummary>();
        await foreach (var m in mailbox.ListMessagesAsync(folder, TestContext.Current.CancellationToken)) list.Add(m);
        return list;
    }

    /// <summary>Every LF not preceded by CR becomes CRLF; bare CRs stay.</summary>
    public static byte[] Crlf(byte[] bytes)
    {
        var output = new List<byte>(bytes.Length + bytes.Length / 20);
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n' && (i == 0 || bytes[i - 1] != (byte)'\r')) output.Add((byte)'\r');
            output.Add(bytes[i]);
        }
        return output.ToArray();
    }

    /// <summary>The bytes of the one message file Dovecot stored for the user (it keeps CRLF as sent in this setup).</summary>
    public static Task<byte[]> OnlyStoredFileAsync(DovecotServer server, string user) =>
        File.ReadAllBytesAsync(Assert.Single(Directory.EnumerateFiles(server.MaildirOf(user), "*", SearchOption.AllDirectories),
            f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new"), TestContext.Current.CancellationToken);
}
