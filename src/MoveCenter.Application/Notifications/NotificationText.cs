using System.Text.RegularExpressions;

namespace MoveCenter.Application.Notifications;

/// <summary>Fills the {Name} placeholders of a subject or body; a placeholder without a value is left as written.</summary>
public static partial class NotificationText
{
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>The placeholders in a text that its kind does not know, so that a typo is refused instead of mailed.</summary>
    public static IReadOnlyList<string> Unknown(string template, IReadOnlyList<string> known) =>
        [.. Placeholder().Matches(template).Select(m => m.Groups[1].Value).Where(name => !known.Contains(name)).Distinct()];

    /// <summary>Made-up values for a preview, as a real message of the kind would carry them.</summary>
    public static IReadOnlyDictionary<string, string> Sample(string whomToCall) => new Dictionary<string, string>
    {
        ["UserId"] = "UserA",
        ["DisplayName"] = "Demo User A",
        ["MoveId"] = "3f2b8c1e-5d4a-4e1b-9c7d-2a6f0e8b1c3d",
        ["SourcePostOffice"] = "SourcePO",
        ["TargetPostOffice"] = "DestPO",
        ["Status"] = "Stalled",
        ["Reason"] = "Item 1700000000.M1P1.dom1 in Inbox could not be read: Permission denied.",
        ["PlannedAt"] = "2026-03-14 22:00 UTC",
        ["Moved"] = "318",
        ["Skipped"] = "1",
        ["WhomToCall"] = whomToCall,
        ["BatchName"] = "Finance, first night",
        ["BatchId"] = "9a1c7e52-0b3d-4f6a-8e2d-5c4b3a291f07",
        ["Total"] = "40",
        ["Completed"] = "38",
        ["Failed"] = "1",
        ["Cancelled"] = "1",
        ["Date"] = "2026-03-15",
        ["Stalled"] = "2",
        ["Running"] = "3",
        ["Queued"] = "120",
        ["Summary"] = "Stalled: UserF (Item 1700000000.M1P1.dom1 in Inbox could not be read), UserK (Target refused an item).",
    };

    /// <summary>How times appear in messages: UTC, to the minute, which no reader can mistake.</summary>
    public static string Time(DateTime utc) => $"{utc:yyyy-MM-dd HH:mm} UTC";

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
