using MoveCenter.Connectors;

namespace MoveCenter.Application.Engine;

/// <summary>The order folders move in: Inbox, Sent, Drafts, the user's own folders, then Junk and Trash; parents first.</summary>
public static class FolderOrder
{
    public static IReadOnlyList<MailFolder> Sort(IReadOnlyList<MailFolder> folders)
    {
        var roles = folders.Where(f => f.Path.Segments.Count <= 1).ToDictionary(f => f.Path, f => f.SpecialUse);
        return folders
            .OrderBy(f => Rank(f.Path.IsInbox ? SpecialUse.Inbox : roles.GetValueOrDefault(TopLevel(f.Path), f.SpecialUse)))
            .ThenBy(f => f.Path.Segments.Count == 0 ? "" : f.Path.Segments[0], StringComparer.Ordinal)
            .ThenBy(f => f.Path.Segments.Count)
            .ThenBy(f => f.Path.ToString(), StringComparer.Ordinal)
            .ToList();
    }

    private static FolderPath TopLevel(FolderPath path) => path.Segments.Count <= 1 ? path : FolderPath.Of(path.Segments[0]);

    private static int Rank(SpecialUse role) => role switch
    {
        SpecialUse.Inbox => 0,
        SpecialUse.Sent => 1,
        SpecialUse.Drafts => 2,
        SpecialUse.None or SpecialUse.Archive => 3,
        SpecialUse.Junk => 4,
        SpecialUse.Trash => 5,
        _ => 3,
    };
}
