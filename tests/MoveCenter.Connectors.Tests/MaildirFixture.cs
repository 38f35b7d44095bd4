using System.Security.Cryptography;
using Xunit;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors.Maildir;

namespace MoveCenter.Connectors.Tests;

/// <summary>A Maildir post office in a temporary directory, and helpers that read mailboxes back through the contract.</summary>
internal sealed class MaildirFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public MaildirFixture() => Store = new MaildirMailStore(_temp.Path, NullLogger.Instance);

    public MaildirMailStore Store { get; }

    public Task<IMailboxSession> OpenAsync(string mailboxId) =>
        Store.OpenMailboxAsync(mailboxId, TestContext.Current.CancellationToken);

    public static OutgoingMessage Outgoing(string key, string content, MessageFlags flags = MessageFlags.None,
        IReadOnlyList<string>? keywords = null, DateTimeOffset? date = null) =>
        new(key, content.Length, flags, keywords ?? [], date ?? new DateTimeOffset(2021, 3, 4, 5, 6, 7, TimeSpan.Zero), null,
            _ => Task.FromResult<Stream>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(content))));

    /// <summary>One line per message: folder, key, SHA-256, flags, sorted keywords, internal date to the second, Message-ID.</summary>
    public static async Task<List<string>> SnapshotAsync(IMailboxSession mailbox, bool withKeys = true)
    {
        var ct = TestContext.Current.CancellationToken;
        var lines = new List<string>();
        foreach (var folder in await mailbox.ListFoldersAsync(ct))
        {
            await foreach (var message in mailbox.ListMessagesAsync(folder.Path, ct))
            {
                await using var content = await mailbox.OpenMessageAsync(folder.Path, message.SourceKey, ct);
                var hash = Convert.ToHexString(await SHA256.HashDataAsync(content, ct));
                var keywords = string.Join(",", message.Keywords.Order(StringComparer.Ordinal));
                lines.Add($"{folder.Path}|{(withKeys ? message.SourceKey : "")}|{hash}|{message.Flags}|{keywords}|" +
                          $"{message.InternalDate.ToUnixTimeSeconds()}|{message.MessageId}");
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    public void Dispose() => _temp.Dispose();
}
