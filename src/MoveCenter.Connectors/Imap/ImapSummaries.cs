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
