namespace MoveCenter.Connectors;

/// <summary>
/// A folder's place in a mailbox as Unicode segments, independent of any server's hierarchy
/// delimiter or name encoding. The empty path is the Inbox.
/// </summary>
public sealed record FolderPath : IComparable<FolderPath>
{
    public static readonly FolderPath Inbox = new([]);

    private const char Separator = '/';
    private const char Escape = '\\';

    public FolderPath(IReadOnlyList<string> segments)
    {
        if (segments.Any(string.IsNullOrEmpty))
            throw new ArgumentException("A folder path cannot contain an empty segment.", nameof(segments));
        Segments = segments.ToArray();
    }

    public IReadOnlyList<string> Segments { get; }

    public bool IsInbox => Segments.Count == 0;

    public string Name => IsInbox ? "INBOX" : Segments[^1];

    public FolderPath? Parent => IsInbox ? null : new FolderPath(Segments.Take(Segments.Count - 1).ToArray());

    public FolderPath Child(string name) => new([.. Segments, name]);

    public static FolderPath Of(params string[] segments) => new(segments);

    /// <summary>The stored form: segments joined by '/', with '/' and '\' inside a name escaped by '\'.</summary>
    public override string ToString() =>
        string.Join(Separator, Segments.Select(s => s.Replace(@"\", @"\\").Replace("/", @"\/")));

    public static FolderPath Parse(string stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        if (stored.Length == 0) return Inbox;
        var segments = new List<string>();
        var current = new System.Text.StringBuilder();
        for (var i = 0; i < stored.Length; i++)
        {
            var c = stored[i];
            if (c == Escape && i + 1 < stored.Length) current.Append(stored[++i]);
            else if (c == Separator) { segments.Add(current.ToString()); current.Clear(); }
            else current.Append(c);
        }
        segments.Add(current.ToString());
        return new FolderPath(segments);
    }

    public bool Equals(FolderPath? other) =>
        other is not null && Segments.SequenceEqual(other.Segments, StringComparer.Ordinal);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var segment in Segments) hash.Add(segment, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public int CompareTo(FolderPath? other) =>
        string.CompareOrdinal(ToString(), other?.ToString());
}
