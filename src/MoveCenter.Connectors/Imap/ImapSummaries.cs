using System.Globalization;
using MailKit;
using MimeKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>Converts between MailKit's message data and the contract's.</summary>
internal static class ImapSummaries
{
    private static readonly (MailKit.MessageFlags Imap, MessageFlags Contract)[] FlagPairs =
    [
        (MailKit.MessageFlags.Seen, MessageFlags.Seen), (MailKit.MessageFlags.Answered, MessageFlags.Answered),
        (MailKit.MessageFlags.Flagged, MessageFlags.Flagged), (MailKit.MessageFlags.Deleted, MessageFlags.Deleted),
        (MailKit.MessageFlags.Draft, MessageFlags.Draft),
    ];

    public static string Key(UniqueId uid) => $"{uid.Validity}:{uid.Id}";

    /// <summary>The key's UID in the folder; refuses a key from before the folder's UIDVALIDITY changed.</summary>
    public static UniqueId ParseKey(string key, IMailFolder folder, FolderPath path)
    {
        if (!TrySplitKey(key, out var validity, out var id))
            throw new ArgumentException($"\"{key}\" is not an IMAP key (UIDVALIDITY:UID).", nameof(key));
        if (validity != folder.UidValidity)
            throw new MailboxAccessException($"\"{path}\" has a new UIDVALIDITY ({folder.UidValidity}, was {validity}): list it again");
        return new UniqueId(validity, id);
    }

    /// <summary>The key's UID in the folder as it is now, or null when <see cref="ParseKey"/> would refuse it.</summary>
    public static UniqueId? TryParseKey(string key, IMailFolder folder) =>
        TrySplitKey(key, out var validity, out var id) && validity == folder.UidValidity ? new UniqueId(validity, id) : null;

    private static bool TrySplitKey(string key, out uint validity, out uint id)
    {
        var parts = key.Split(':');
        id = 0;
        validity = 0;
        return parts.Length == 2 && uint.TryParse(parts[0], CultureInfo.InvariantCulture, out validity) &&
               uint.TryParse(parts[1], CultureInfo.InvariantCulture, out id) && id != 0;
    }

    public static MessageState ToState(IMessageSummary summary) => new(Key(summary.UniqueId), FlagsOf(summary), summary.Keywords.ToList());

    private static MessageFlags FlagsOf(IMessageSummary summary)
    {
        var flags = summary.Flags ?? MailKit.MessageFlags.None;
        return FlagPairs.Where(p => flags.HasFlag(p.Imap)).Aggregate(MessageFlags.None, (all, p) => all | p.Contract);
    }

    public static MessageSummary ToContract(IMessageSummary summary, FolderPath folder)
    {
        var contractFlags = FlagsOf(summary);
        var headers = MessageHeaders.Read(summary.Headers);
        return headers.ApplyTo(new MessageSummary(
            Key(summary.UniqueId),
            folder,
            summary.Size ?? 0,
            contractFlags,
            summary.Keywords.ToList(),
            summary.InternalDate ?? DateTimeOffset.UnixEpoch,
            headers.MessageId));
    }

    public static MailKit.MessageFlags ToImap(MessageFlags flags) =>
        FlagPairs.Where(p => flags.HasFlag(p.Contract)).Aggregate(MailKit.MessageFlags.None, (all, p) => all | p.Imap);
}
