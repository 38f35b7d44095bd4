namespace MoveCenter.Connectors.Maildir;

/// <summary>Demo-only damage that only a file store can show.</summary>
public static class MaildirDemoItems
{
    public const string UnreadableItemName = "1700000000.M1P1.demo,S=48213:2,S";

    /// <summary>
    /// Puts a dangling symlink named like a real message into the Inbox's cur/: it lists like any message and
    /// fails when read, the way a message lost to a broken disk or a half-restored backup does.
    /// </summary>
    public static void PlantUnreadableItem(string maildirPath)
    {
        var link = Path.Combine(maildirPath, "cur", UnreadableItemName);
        if (new FileInfo(link).Exists) return;
        File.CreateSymbolicLink(link, Path.Combine("..", "..", ".lost-demo-store", "1700000000.M1P1.demo"));
    }
}
