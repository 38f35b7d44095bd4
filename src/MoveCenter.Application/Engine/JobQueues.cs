namespace MoveCenter.Application.Engine;

/// <summary>
/// The Hangfire queues of phase jobs. With job storage that every node shares, a job goes to whichever server fetches
/// it first; the job of a move pinned to a site therefore goes on that site's own queues, which only its nodes serve,
/// instead of being fetched by a node that may not lease the move and dropped until the dispatch timeout.
/// </summary>
public static class JobQueues
{
    public const string Priority = "restart";
    public const string Default = "default";

    /// <summary>Hangfire.SqlServer keeps a queue's name in 50 characters.</summary>
    private const int MaxLength = 50;

    private const string SitePrefix = "site-";
    private const string PrioritySuffix = "-restart";

    /// <summary>What a node's job server takes work from, restarted moves first: its site's queues before everyone's.</summary>
    public static string[] ServedBy(string? site) => site is null
        ? [Priority, Default]
        : [For(site, priority: true), Priority, For(site, priority: false), Default];

    /// <summary>The queue of a phase job for a move pinned to <paramref name="site"/> (null: unpinned).</summary>
    public static string For(string? site, bool priority)
    {
        if (site is null) return priority ? Priority : Default;
        // Hangfire allows lowercase letters, digits, '_' and '-'. Lowercase also matches how SQL Server compares sites
        // (case-insensitively); sites that differ only in case, or in '.' against '_', share their queues, and a node
        // that takes the other site's job hands it back (MoveDispatcher.HandBackIfPinnedElsewhereAsync).
        var name = site.ToLowerInvariant().Replace('.', '_');
        name = name[..Math.Min(name.Length, MaxLength - SitePrefix.Length - PrioritySuffix.Length)];
        return priority ? SitePrefix + name + PrioritySuffix : SitePrefix + name;
    }
}
