using System.Globalization;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A folder's state as CONDSTORE (RFC 7162) describes it: "{UIDVALIDITY}:{HIGHESTMODSEQ}:{UIDNEXT}". Any append,
/// expunge or flag change raises HIGHESTMODSEQ; UIDNEXT is compared too, at no cost, for a server that forgets one.
/// </summary>
internal sealed record ImapFolderMark(uint UidValidity, ulong ModSeq, uint UidNext)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{UidValidity}:{ModSeq}:{UidNext}");

    /// <summary>The folder's mark as its last EXAMINE or STATUS reported it; null without CONDSTORE or in a NOMODSEQ folder (HIGHESTMODSEQ 0).</summary>
    public static ImapFolderMark? Of(ImapClient client, IMailFolder folder) =>
        client.Capabilities.HasFlag(ImapCapabilities.CondStore) && folder.HighestModSeq > 0
            ? new ImapFolderMark(folder.UidValidity, folder.HighestModSeq, folder.UidNext?.Id ?? 0)
            : null;

    public static ImapFolderMark? Parse(string? mark)
    {
        var parts = mark?.Split(':') ?? [];
        return parts.Length == 3
               && uint.TryParse(parts[0], CultureInfo.InvariantCulture, out var validity)
               && ulong.TryParse(parts[1], CultureInfo.InvariantCulture, out var modSeq)
               && uint.TryParse(parts[2], CultureInfo.InvariantCulture, out var next)
            ? new ImapFolderMark(validity, modSeq, next)
            : null;
    }
}

/// <summary>
/// Lists a folder's changes since a mark. With CONDSTORE: UID FETCH 1:* (UID FLAGS) (CHANGEDSINCE modseq) for the
/// messages changed or new, and UID SEARCH ALL for the messages present, so the expunged are the known keys not present.
/// QRESYNC's VANISHED (EARLIER) would name the expunged without the search, but it may name UIDs never seen and only
/// reaches back as far as the server keeps expunge records; the search answer is exact and carries UIDs only (UID
/// ranges where the server answers in ESEARCH form), against a FETCH line per message for the whole listing.
/// </summary>
internal static class ImapFolderChanges
{
    public static async Task<FolderChanges> ListAsync(ImapClient client, IMailFolder folder, string? since, CancellationToken cancellationToken)
    {
        // Read as the folder is opened, before anything is fetched: a change racing the fetch raises HIGHESTMODSEQ past
        // this mark and is listed again next time.
        var now = ImapFolderMark.Of(client, folder);
        // A mark from another UIDVALIDITY, or ahead of the folder (a server that rebuilt its index), cannot be listed from.
        if (now is null || ImapFolderMark.Parse(since) is not { } then || then.UidValidity != now.UidValidity
            || then.ModSeq > now.ModSeq || then.UidNext > now.UidNext)
            return FolderChanges.Whole(now?.ToString(), await ListStatesAsync(folder, null, cancellationToken));
        if (then == now) return FolderChanges.None(now.ToString());
        var changed = await ListStatesAsync(folder, then.ModSeq, cancellationToken);
        var present = folder.Count == 0 ? [] : await folder.SearchAsync(SearchQuery.All, cancellationToken);
        return new FolderChanges(now.ToString(), false, changed,
            present.Select(uid => ImapSummaries.Key(new UniqueId(folder.UidValidity, uid.Id))).ToHashSet(StringComparer.Ordinal));
    }

    /// <summary>UID and FLAGS of 1:* (changed since <paramref name="changedSince"/> when given), one command, no headers.</summary>
    public static async Task<IReadOnlyList<MessageState>> ListStatesAsync(IMailFolder folder, ulong? changedSince, CancellationToken cancellationToken)
    {
        if (folder.Count == 0) return [];
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Flags) { ChangedSince = changedSince };
        var states = await folder.FetchAsync(UniqueIdRange.All, request, cancellationToken);
        return states.OrderBy(s => s.UniqueId.Id).Select(ImapSummaries.ToState).ToList();
    }
}
