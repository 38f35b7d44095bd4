using System.Globalization;

namespace MoveCenter.Connectors.Maildir;

/// <summary>
/// A folder's <c>dovecot-keywords</c> file: "index name" lines mapping the lowercase flag letters
/// (index 0 = 'a') to IMAP keywords. Only 26 letters exist, so a folder holds at most 26 keywords in file names.
/// </summary>
internal sealed class DovecotKeywords
{
    public const string FileName = "dovecot-keywords";
    public const int MaxKeywords = 26;

    private readonly SortedDictionary<int, string> _byIndex;

    private DovecotKeywords(SortedDictionary<int, string> byIndex) => _byIndex = byIndex;

    public static DovecotKeywords Load(string folderDirectory)
    {
        var map = new SortedDictionary<int, string>();
        var path = Path.Combine(folderDirectory, FileName);
        // A linked list would name keywords after lines of whatever file it points to.
        if (!File.Exists(path) || MaildirLinks.IsLink(path)) return new DovecotKeywords(map);
        foreach (var line in File.ReadLines(path))
        {
            var space = line.IndexOf(' ');
            if (space <= 0) continue;
            if (int.TryParse(line.AsSpan(0, space), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                && index < MaxKeywords && line.Length > space + 1)
                map[index] = line[(space + 1)..];
        }
        return new DovecotKeywords(map);
    }

    public string? NameOf(int index) => _byIndex.GetValueOrDefault(index);

    public int? IndexOf(string keyword)
    {
        foreach (var (index, name) in _byIndex)
            if (string.Equals(name, keyword, StringComparison.OrdinalIgnoreCase)) return index;
        return null;
    }

    /// <summary>Gives each unknown keyword the lowest free letter; false when none was added. Existing lines keep their letters.</summary>
    public bool TryAdd(string keyword)
    {
        if (IndexOf(keyword) is not null) return false;
        for (var index = 0; index < MaxKeywords; index++)
        {
            if (_byIndex.ContainsKey(index)) continue;
            _byIndex[index] = keyword;
            return true;
        }
        return false;
    }

    /// <summary>Writes through a temporary file so a reader never sees half a list.</summary>
    public void Save(string folderDirectory)
    {
        var path = Path.Combine(folderDirectory, FileName);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllLines(temporary, _byIndex.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value}")));
        File.Move(temporary, path, overwrite: true);
    }
}
