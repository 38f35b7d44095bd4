namespace MoveCenter.Connectors;

/// <summary>The IMAP system flags, which every supported store can carry.</summary>
[Flags]
public enum MessageFlags
{
    None = 0,
    Seen = 1,
    Answered = 2,
    Flagged = 4,
    Deleted = 8,
    Draft = 16,
}

/// <summary>RFC 6154 roles, used to map folders between servers that name them differently.</summary>
public enum SpecialUse
{
    None,
    Inbox,
    Sent,
    Drafts,
    Trash,
    Junk,
    Archive,
}

public sealed record MailFolder(FolderPath Path, bool Subscribed, SpecialUse SpecialUse = SpecialUse.None)
{
    /// <inheritdoc cref="MessageSummary.SkipReason"/>
    public string? SkipReason { get; init; }
}

/// <summary>What a store tells about one message without reading its body.</summary>
/// <param name="SourceKey">The store's stable identity of the message inside its folder (Maildir base name, IMAP UID).</param>
public sealed record MessageSummary(
    string SourceKey,
    FolderPath Folder,
    long Size,
    MessageFlags Flags,
    IReadOnlyList<string> Keywords,
    DateTimeOffset InternalDate,
    string? MessageId)
{
    /// <summary>Shown to admins in Pending Items; never to helpdesk.</summary>
    public string? Subject { get; init; }

    public string? From { get; init; }

    /// <summary>
    /// Why the store lists this item but will not hand it over (a Maildir file that is a symbolic link, say): listed so
    /// the admin sees it, with this reason, instead of it vanishing from the move; never read.
    /// </summary>
    public string? SkipReason { get; init; }
}

/// <summary>A message on its way into a target folder.</summary>
/// <param name="DeliveryKey">
/// A key chosen by the mover, unique per item and stable across retries, so that a delivery whose
/// outcome was lost (crash, dropped connection) can be found again instead of sent twice.
/// </param>
/// <param name="OpenContent">Opens the message's bytes at the source; called once, as late as possible.</param>
public sealed record OutgoingMessage(
    string DeliveryKey,
    long Size,
    MessageFlags Flags,
    IReadOnlyList<string> Keywords,
    DateTimeOffset InternalDate,
    string? MessageId,
    Func<CancellationToken, Task<Stream>> OpenContent);

/// <summary>A message's key with its flags and keywords: what an incremental sync compares with what it saw the last time.</summary>
public sealed record MessageState(string Key, MessageFlags Flags, IReadOnlyList<string> Keywords);

/// <summary>A folder's messages now, against a mark its store gave earlier (<see cref="IMailboxSession.ListChangesAsync"/>).</summary>
/// <param name="Mark">The folder's mark now, taken before anything was listed, to ask from next time; null when the store keeps none.</param>
/// <param name="Unchanged">Nothing in the folder changed since the mark: nothing was listed.</param>
/// <param name="Changed">
/// Every message whose flags or keywords may differ from what they were at the mark, new messages included; every
/// message when the listing is whole (no mark, or one the folder cannot answer from).
/// </param>
/// <param name="Present">The key of every message the folder holds now (empty when <paramref name="Unchanged"/>).</param>
public sealed record FolderChanges(string? Mark, bool Unchanged, IReadOnlyList<MessageState> Changed, IReadOnlySet<string> Present)
{
    public static FolderChanges None(string mark) => new(mark, true, [], new HashSet<string>());

    public static FolderChanges Whole(string? mark, IReadOnlyList<MessageState> states) =>
        new(mark, false, states, states.Select(s => s.Key).ToHashSet(StringComparer.Ordinal));
}

/// <summary>The flags and keywords a delivered message gets, replacing those it has; <see cref="Key"/> is its target key.</summary>
public sealed record FlagChange(string Key, MessageFlags Flags, IReadOnlyList<string> Keywords);

/// <summary>A message about to be opened, with its size from the inventory.</summary>
public sealed record PlannedRead(string SourceKey, long Size);

/// <summary>The outcome of one message of an append: delivered with the target's key, or refused with the reason in the server's own words.</summary>
public sealed record AppendOutcome(string DeliveryKey, string? TargetKey, string? Error)
{
    public bool Delivered => Error is null;

    /// <summary>The source failed to hand the message over, so the target never saw it.</summary>
    public bool FailedAtSource { get; private init; }

    public static AppendOutcome Success(string deliveryKey, string targetKey) => new(deliveryKey, targetKey, null);

    public static AppendOutcome Failure(string deliveryKey, string error) => new(deliveryKey, null, error);

    public static AppendOutcome SourceFailure(string deliveryKey, string sourceError) =>
        new(deliveryKey, null, $"could not read the message at the source: {sourceError}") { FailedAtSource = true };
}

/// <summary>A Sieve script (RFC 5228) of a user: its name, its text, and whether it is the one the server runs.</summary>
public sealed record SieveScript(string Name, string Content, bool Active)
{
    /// <inheritdoc cref="MessageSummary.SkipReason"/>
    public string? SkipReason { get; init; }
}

/// <summary>The rule service answered but refused a command (NO), in the server's own words.</summary>
public sealed class RuleRefusedException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A connector failure that says the post office itself is unavailable, as opposed to a single message being bad.</summary>
public sealed class PostOfficeUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The post office answered but refuses the mailbox (no such user, bad credentials, conflicting mailbox).</summary>
public sealed class MailboxAccessException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The target store cannot represent this folder name (for example a '.' inside a Maildir++ folder name).</summary>
public sealed class UnsupportedFolderNameException(FolderPath folder, string reason)
    : Exception($"The folder \"{folder}\" cannot be stored here: {reason}")
{
    public FolderPath Folder { get; } = folder;
}
