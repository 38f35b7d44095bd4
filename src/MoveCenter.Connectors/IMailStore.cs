using System.Runtime.CompilerServices;

namespace MoveCenter.Connectors;

/// <summary>A post office's mail store: opens any user's mailbox with the store's administrative access.</summary>
public interface IMailStore
{
    Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken);

    Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken);

    /// <summary>
    /// Opens a user's Sieve scripts, or returns null when this post office offers no rule access (for example an IMAP
    /// server without a ManageSieve port configured). Throws <see cref="PostOfficeUnavailableException"/> when the
    /// rule service is configured but cannot be reached.
    /// </summary>
    Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken);
}

public sealed record ConnectionTestResult(bool Succeeded, string Summary, IReadOnlyList<string> Capabilities)
{
    /// <summary>What works but would change mail on the way (a target setting that alters messages), in words for the admin.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];
}

/// <summary>One user's mailbox at one post office. Not thread-safe: one session per worker.</summary>
public interface IMailboxSession : IAsyncDisposable
{
    Task<bool> ExistsAsync(CancellationToken cancellationToken);

    /// <summary>Creates the empty mailbox (Inbox only). Succeeds when it already exists.</summary>
    Task CreateAsync(CancellationToken cancellationToken);

    /// <summary>Every folder, parents before children, the Inbox included.</summary>
    Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken);

    IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, CancellationToken cancellationToken) =>
        ListMessagesAsync(folder, static _ => true, cancellationToken);

    /// <summary>
    /// The folder's messages whose source key <paramref name="wanted"/> accepts. Keys are cheap to list and summaries
    /// are not (headers, flags), so a store drops unwanted keys before it reads anything about them.
    /// </summary>
    IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, Func<string, bool> wanted, CancellationToken cancellationToken);

    /// <summary>How many messages the folder holds and their total size, without reading what a listing reads (headers, flags).</summary>
    async Task<(int Messages, long Bytes)> MeasureFolderAsync(FolderPath folder, CancellationToken cancellationToken)
    {
        var (messages, bytes) = (0, 0L);
        await foreach (var message in ListMessagesAsync(folder, cancellationToken))
            (messages, bytes) = (messages + 1, bytes + message.Size);
        return (messages, bytes);
    }

    Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken);

    /// <summary>
    /// Says which messages of the folder are about to be opened, in this order, so a store can read several of them in
    /// one request. A hint only: the next hint replaces it, and a store may ignore it.
    /// </summary>
    void ExpectReads(FolderPath folder, IReadOnlyList<PlannedRead> messages) { }

    /// <summary>Creates the folder (and its parents) if missing and sets its subscription. Safe to call twice.</summary>
    Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken);

    /// <summary>
    /// Which of these messages are already in the folder, by delivery key (or by what the store can match on).
    /// Candidates are matched in order and a message in the folder is matched to one candidate at most, so identical
    /// copies are counted: a caller lists the copies it knows were delivered first, and they take their matches.
    /// </summary>
    Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
        FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken);

    /// <summary>
    /// Delivers messages into the folder with their flags, keywords and internal date. A message that cannot be
    /// read at the source or is refused by the target is reported in its outcome; the others still go through.
    /// Throws <see cref="PostOfficeUnavailableException"/> when the store itself is unavailable.
    /// </summary>
    Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken);

    /// <summary>
    /// Every message of the folder with its flags and keywords only. A store that can list them without reading headers
    /// does so: an incremental sync lists every message of every folder whose store cannot list changes only.
    /// </summary>
    async IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var message in ListMessagesAsync(folder, cancellationToken))
            yield return new MessageState(message.SourceKey, message.Flags, message.Keywords);
    }

    /// <summary>
    /// A mark of the folder's state now, for <see cref="ListChangesAsync"/> to list from later (IMAP with CONDSTORE:
    /// UIDVALIDITY, HIGHESTMODSEQ and UIDNEXT), or null when the store keeps no mod-sequences (a Maildir, an IMAP server
    /// without CONDSTORE, a NOMODSEQ folder). A caller reads it before it lists the folder, so that a change racing the
    /// listing is listed again next time rather than never.
    /// </summary>
    Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) => Task.FromResult<string?>(null);

    /// <summary>
    /// What changed in the folder since <paramref name="since"/> (a mark from <see cref="ReadMarkAsync"/> or from an
    /// earlier listing): only the messages changed, and every key present, or "unchanged" without listing anything. A
    /// store without marks, or given one it cannot answer from (null, another UIDVALIDITY), lists the whole folder, so
    /// the caller compares the same way whatever the store.
    /// </summary>
    async Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken)
    {
        var states = new List<MessageState>();
        await foreach (var state in ListStatesAsync(folder, cancellationToken)) states.Add(state);
        return FolderChanges.Whole(null, states);
    }

    /// <summary>Gives delivered messages, by target key, new flags and keywords. A key the folder no longer holds is passed over.</summary>
    Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken);

    /// <summary>Removes delivered messages by target key. A key the folder no longer holds is passed over.</summary>
    Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken);

    /// <summary>Deletes a folder other than the Inbox, with the messages in it. Safe to call when it is already gone.</summary>
    Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken);

    /// <summary>Removes the whole mailbox. Safe to call when it is already gone.</summary>
    Task DeleteAsync(CancellationToken cancellationToken);
}

/// <summary>One user's Sieve scripts at one post office. Not thread-safe: one rule store per worker.</summary>
public interface IRuleStore : IAsyncDisposable
{
    /// <summary>Every script with its content; at most one is active.</summary>
    Task<IReadOnlyList<SieveScript>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Stores the script under its name, replacing one of that name, and makes it the active script when it is marked
    /// active (a script not marked active does not deactivate another). Safe to call twice.
    /// </summary>
    Task PutAsync(SieveScript script, CancellationToken cancellationToken);
}
