namespace MoveCenter.Connectors;

/// <summary>A post office's mail store: opens any user's mailbox with the store's administrative access.</summary>
public interface IMailStore
{
    Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken);

    Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken);
}

public sealed record ConnectionTestResult(bool Succeeded, string Summary, IReadOnlyList<string> Capabilities);

/// <summary>One user's mailbox at one post office. Not thread-safe: one session per worker.</summary>
public interface IMailboxSession : IAsyncDisposable
{
    Task<bool> ExistsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the empty mailbox (Inbox only). Succeeds when it already exists.</summary>
    Task CreateAsync(CancellationToken cancellationToken);

    /// <summary>Every folder, parents before children, the Inbox included.</summary>
    Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, CancellationToken cancellationToken);

    Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken);

    /// <summary>Creates the folder (and its parents) if missing and sets its subscription. Safe to call twice.</summary>
    Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken);

    /// <summary>Which of these messages are already in the folder, by delivery key (or by what the store can match on).</summary>
    Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
        FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers messages into the folder with their flags, keywords and internal date. A message that cannot be
    /// read at the source or is refused by the target is reported in its outcome; the others still go through.
    /// Throws <see cref="PostOfficeUnavailableException"/> when the store itself is unavailable.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);

    /// <summary>Removes the whole mailbox. Safe to call when it is already gone.</summary>
    Task DeleteAsync(CancellationToken cancellationToken);
}
