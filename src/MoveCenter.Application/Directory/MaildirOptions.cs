namespace MoveCenter.Application.Directory;

/// <summary>Settings for Maildir post offices (configuration section <c>MoveCenter:Maildir</c>).</summary>
public sealed class MaildirOptions
{
    public const string Section = "MoveCenter:Maildir";

    public const string AllowedRootsSetting = Section + ":AllowedRoots";

    /// <summary>
    /// The folders a Maildir post office may be rooted in (or under). MoveCenter reads, writes and purges mail below
    /// a post office's root, so an admin with a typo, or an API key in the wrong hands, must not point one at /etc.
    /// Empty means the <c>postoffices</c> folder of the data folder.
    /// </summary>
    public List<string> AllowedRoots { get; set; } = [];

    public IReadOnlyList<string> EffectiveAllowedRoots(string dataDirectory) =>
        (AllowedRoots.Count > 0 ? AllowedRoots : [Path.Combine(dataDirectory, "postoffices")])
        .Select(root => Path.TrimEndingDirectorySeparator(Path.GetFullPath(root)))
        .ToList();

    /// <summary>Whether a path is one of the roots or below one, compared after normalization so "allowed/../../etc" is not.</summary>
    public static bool IsInside(string path, IReadOnlyList<string> roots)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var comparison = OperatingSystem.IsWindows() ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return roots.Any(root => full.Equals(root, comparison)
            || full.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, comparison));
    }
}
