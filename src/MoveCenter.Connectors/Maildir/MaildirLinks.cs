namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// Symbolic links inside a mailbox. A user who can write to their own Maildir can point a link anywhere the service
/// can read (the database, <c>/proc/self/environ</c>) or write, so a mail store never reads or writes through one.
/// The mailbox directory itself may be a link: the post office's layout is the admin's, not the user's.
/// </summary>
internal static class MaildirLinks
{
    public const string NotMoved = "a symbolic link, not moved";

    private static readonly string[] FolderSubdirectories = ["cur", "new", "tmp"];

    public static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    /// <summary>The folder's own directory (unless it is the mailbox) or its cur/, new/ or tmp/ that is a link; null when none is.</summary>
    public static string? FindIn(string maildir, string folderDirectory) =>
        FolderSubdirectories.Select(d => Path.Combine(folderDirectory, d))
            .Prepend(folderDirectory == maildir ? null : folderDirectory)
            .FirstOrDefault(d => d is not null && IsLink(d));

    /// <summary>Why a folder is not moved, naming the part of it that is a link; null when it can be read.</summary>
    public static string? FolderSkipReason(string maildir, string folderDirectory) =>
        FindIn(maildir, folderDirectory) is { } link
            ? link == folderDirectory ? NotMoved : $"its {Path.GetFileName(link)}/ is {NotMoved}"
            : null;

    /// <summary>Refuses to create or write anything under a folder one of whose directories is a link.</summary>
    public static void RefuseWritingThrough(string maildir, string folderDirectory)
    {
        if (FindIn(maildir, folderDirectory) is { } link) throw new MailboxAccessException(WritingRefused(link));
    }

    public static string WritingRefused(string link) =>
        $"{link} is a symbolic link; MoveCenter never writes through one. Replace it with a real directory, then retry.";
}
