using MailKit;
using MailKit.Search;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Finds messages whose append outcome was lost: by Message-ID (UID SEARCH HEADER) confirmed by INTERNALDATE and
/// size, or, without a Message-ID, by INTERNALDATE and size among the folder's messages. A target message is never
/// matched to two candidates.
/// </summary>
internal static class ImapDeliveryFinder
{
    private const MessageSummaryItems Items = MessageSummaryItems.UniqueId | MessageSummaryItems.InternalDate | MessageSummaryItems.Size;

    public static async Task<IReadOnlyDictionary<string, string>> FindAsync(
        IMailFolder folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        var taken = new HashSet<UniqueId>();
        IList<IMessageSummary>? everything = null;
        foreach (var candidate in candidates)
        {
            IList<IMessageSummary> pool;
            if (candidate.MessageId is { } messageId)
            {
                var uids = await folder.SearchAsync(SearchQuery.HeaderContains("Message-ID", messageId), cancellationToken);
                pool = uids.Count == 0 ? [] : await folder.FetchAsync(uids, Items, cancellationToken);
            }
            else
            {
                pool = everything ??= await folder.FetchAsync(UniqueIdRange.All, Items, cancellationToken);
            }
            var match = pool.FirstOrDefault(s => !taken.Contains(s.UniqueId) && Matches(s, candidate));
            if (match is null) continue;
            taken.Add(match.UniqueId);
            found[candidate.DeliveryKey] = ImapSummaries.Key(match.UniqueId);
        }
        return found;
    }

    private static bool Matches(IMessageSummary summary, OutgoingMessage candidate) =>
        summary.InternalDate is { } date && date.ToUnixTimeSeconds() == candidate.InternalDate.ToUnixTimeSeconds() &&
        summary.Size is { } size && SizeMatches(size, candidate.Size);

    /// <summary>
    /// IMAP servers store and count lines with CRLF, so a source with bare LFs (a Maildir file) arrives bigger: by
    /// at most one byte per byte. Equal sizes are the rule between two IMAP servers.
    /// </summary>
    private static bool SizeMatches(long target, long source) => target == source || (target > source && target <= 2 * source);
}
