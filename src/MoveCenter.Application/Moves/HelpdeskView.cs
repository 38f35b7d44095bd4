using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Moves;

/// <summary>
/// What a helpdesk member may see of a move: the same shapes an admin gets, with every text that could carry mail
/// (item keys, folders, subjects, senders) or a server's error replaced by words built from the kind of event and the
/// move's counts. The page, the API and the hub all go through here, so no view can leak what another one hides.
/// </summary>
public static class HelpdeskView
{
    public static MoveSummary Of(MoveSummary move) => move with
    {
        WaitReason = move.WaitReason is null ? null : MovePlainWords.WaitReason(move),
        LastError = move.LastError is null ? null : MovePlainWords.ErrorShownToAdmins,
    };

    public static MoveDetails Of(MoveDetails details) => details with
    {
        Summary = Of(details.Summary),
        History = Of(details.History),
        Cleanup = details.Cleanup is { } cleanup ? Of(cleanup) : null,
    };

    public static MoveDetailsUpdate Of(MoveDetailsUpdate update) => update with
    {
        Summary = Of(update.Summary),
        NewHistory = Of(update.NewHistory),
        Cleanup = update.Cleanup is { } cleanup ? Of(cleanup) : null,
    };

    public static SourceCleanupView Of(SourceCleanupView cleanup) => cleanup with { LastError = MovePlainWords.ErrorShownToAdmins };

    /// <summary>The entries a helpdesk may read out, each in plain words; notes meant for admins are left out.</summary>
    public static IReadOnlyList<MoveHistoryEntry> Of(IEnumerable<MoveHistoryEntry> history) => history
        .Select(e => MovePlainWords.Event(e) is { } words ? e with { Message = words } : null)
        .OfType<MoveHistoryEntry>()
        .ToList();
}
