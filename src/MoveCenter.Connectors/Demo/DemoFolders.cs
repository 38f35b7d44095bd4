namespace MoveCenter.Connectors.Demo;

/// <summary>The demo folder tree with how many messages of a hundred land in each.</summary>
internal static class DemoFolders
{
    public static readonly FolderPath Unsubscribed = FolderPath.Of("Old Newsletters");

    public static readonly IReadOnlyList<(FolderPath Path, int Weight)> All =
    [
        (FolderPath.Inbox, 35),
        (FolderPath.Of("Sent"), 12),
        (FolderPath.Of("Drafts"), 3),
        (FolderPath.Of("Trash"), 5),
        (FolderPath.Of("Junk"), 4),
        (FolderPath.Of("Archive"), 3),
        (FolderPath.Of("Archive", "2019"), 3),
        (FolderPath.Of("Archive", "2020"), 3),
        (FolderPath.Of("Archive", "2021"), 3),
        (FolderPath.Of("Archive", "2022"), 3),
        (FolderPath.Of("Archive", "2023"), 3),
        (FolderPath.Of("Projects"), 3),
        (FolderPath.Of("Projects", "Alpha"), 4),
        (FolderPath.Of("Projects", "Alpha", "Specs"), 3),
        (FolderPath.Of("Entwürfe & Notizen"), 3),
        (FolderPath.Of("Проекты"), 3),
        (FolderPath.Of("日本語"), 3),
        (Unsubscribed, 2),
    ];

    public static IEnumerable<MailFolder> Tree =>
        All.Select(f => new MailFolder(f.Path, f.Path != Unsubscribed, MailFolderUse(f.Path)));

    public static FolderPath Pick(Random random)
    {
        var roll = random.Next(All.Sum(f => f.Weight));
        foreach (var (path, weight) in All)
        {
            if (roll < weight) return path;
            roll -= weight;
        }
        return FolderPath.Inbox;
    }

    private static SpecialUse MailFolderUse(FolderPath path) => path.IsInbox ? SpecialUse.Inbox : path.ToString() switch
    {
        "Sent" => SpecialUse.Sent,
        "Drafts" => SpecialUse.Drafts,
        "Trash" => SpecialUse.Trash,
        "Junk" => SpecialUse.Junk,
        "Archive" => SpecialUse.Archive,
        _ => SpecialUse.None,
    };
}
