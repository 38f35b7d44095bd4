using System.Globalization;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Inventory;

namespace MoveCenter.Application.Moves.Reports;

/// <summary>Each category's name, and what an admin does about its items, in words computed from the items themselves.</summary>
public static class NotMovedFixes
{
    public static string Name(NotMovedCategory category) => category switch
    {
        NotMovedCategory.SkippedByAdmin => "Skipped by an admin",
        NotMovedCategory.TooLarge => "Too large",
        NotMovedCategory.RefusedByTarget => "Refused by the target",
        NotMovedCategory.UnreadableAtSource => "Unreadable at the source",
        NotMovedCategory.LinkOrOther => "A link or other non-message",
        NotMovedCategory.NoRuleService => "No rule service",
        NotMovedCategory.DeletedAtSource => "Deleted at the source",
        _ => category.ToString(),
    };

    /// <param name="largest">The largest item of the category: what a raised limit must let through.</param>
    /// <param name="largeItemLimit">The large item limit in force.</param>
    public static string For(NotMovedCategory category, long largest, long largeItemLimit) => category switch
    {
        NotMovedCategory.TooLarge => TooLarge(largest, largeItemLimit),
        NotMovedCategory.RefusedByTarget =>
            "the target refused it in the words shown: raise the target's limit or quota (or repair the message), then Restart the entire move; or move it by hand",
        NotMovedCategory.UnreadableAtSource =>
            "the source could not hand it over in the words shown: repair the mailbox at the source (for Dovecot, doveadm force-resync), then Restart the entire move; or save it by hand if it still opens",
        NotMovedCategory.LinkOrOther =>
            "the source holds a link or something else that is no message: copy what it points to into the mailbox by hand if the user needs it",
        NotMovedCategory.NoRuleService =>
            "give the post office without Sieve a sievePort (ManageSieve), then Restart the entire move; or recreate the rules at the target by hand",
        NotMovedCategory.DeletedAtSource => "nothing to fix: it was deleted at the source before its turn came",
        NotMovedCategory.SkippedByAdmin => "an admin chose to leave it behind: move it by hand if it is needed after all",
        _ => "",
    };

    /// <summary>Raising the limit to the next round size above the largest item lets every one of them through.</summary>
    private static string TooLarge(long largest, long limit)
    {
        const long megabyte = 1024 * 1024;
        var megabytes = (largest + megabyte) / megabyte;
        if (megabytes > 10) megabytes = (megabytes + 9) / 10 * 10;
        var raised = megabytes * megabyte;
        return $"too large for the limit of {Counted.Bytes(limit)}: raise `MoveCenter:Engine:LargeItemLimit` to " +
               $"{raised.ToString(CultureInfo.InvariantCulture)} ({megabytes} MB) and Restart the entire move, or move it by hand";
    }
}
