namespace MoveCenter.Application.Notifications;

public enum NotificationKind
{
    AdminMoveStalled,
    AdminMoveFailed,
    AdminBatchFinished,
    AdminDailySummary,
    UserMoveScheduled,
    UserMoveFinished,
    UserMoveFailed,
}

public enum NotificationAudience
{
    Admins,
    /// <summary>The person being moved, at the e-mail address of their directory entry.</summary>
    MovedUser,
}

/// <summary>What a kind of notification is, whom it goes to, the placeholders its text may use, and its text until an admin edits it.</summary>
public sealed record NotificationKindInfo(
    NotificationKind Kind, NotificationAudience Audience, string Title, IReadOnlyList<string> Placeholders, string Subject, string Body);

public static class NotificationKinds
{
    private static readonly string[] MovePlaceholders =
        ["UserId", "DisplayName", "MoveId", "SourcePostOffice", "TargetPostOffice", "Status", "Reason", "PlannedAt", "Moved", "Skipped", "WhomToCall"];

    private static readonly string[] BatchPlaceholders = ["BatchName", "BatchId", "Total", "Completed", "Failed", "Cancelled"];

    private static readonly string[] DailyPlaceholders = ["Date", "Completed", "Failed", "Stalled", "Running", "Queued", "Summary"];

    public static readonly IReadOnlyList<NotificationKindInfo> All =
    [
        new(NotificationKind.AdminMoveStalled, NotificationAudience.Admins, "Move stalled (to admins)", MovePlaceholders,
            "Move of {UserId} stalled",
            "The move of {UserId} ({DisplayName}) from {SourcePostOffice} to {TargetPostOffice} stopped and waits for an admin.\n\nReason: {Reason}\n\nMove {MoveId}: {Moved} items moved, {Skipped} skipped."),
        new(NotificationKind.AdminMoveFailed, NotificationAudience.Admins, "Move failed (to admins)", MovePlaceholders,
            "Move of {UserId} failed",
            "The move of {UserId} ({DisplayName}) from {SourcePostOffice} to {TargetPostOffice} failed.\n\nReason: {Reason}\n\nMove {MoveId}: {Moved} items moved, {Skipped} skipped."),
        new(NotificationKind.AdminBatchFinished, NotificationAudience.Admins, "Batch finished (to admins)", BatchPlaceholders,
            "Batch {BatchName} finished",
            "Every move of batch {BatchName} has finished: {Completed} completed, {Failed} failed, {Cancelled} cancelled, of {Total}.\n\nBatch {BatchId}."),
        new(NotificationKind.AdminDailySummary, NotificationAudience.Admins, "Daily summary (to admins)", DailyPlaceholders,
            "MoveCenter summary for {Date}",
            "In the last 24 hours: {Completed} moves completed, {Failed} failed.\nNow: {Stalled} stalled, {Running} running, {Queued} queued.\n\n{Summary}"),
        new(NotificationKind.UserMoveScheduled, NotificationAudience.MovedUser, "Move scheduled (to the person)", MovePlaceholders,
            "Your mailbox will be moved at {PlannedAt}",
            "Dear {DisplayName},\n\nyour mailbox ({UserId}) will be moved to a new server at {PlannedAt}. You can keep working; during the move your mail may be unavailable for a short while."),
        new(NotificationKind.UserMoveFinished, NotificationAudience.MovedUser, "Move finished (to the person)", MovePlaceholders,
            "Your mailbox has been moved",
            "Dear {DisplayName},\n\nyour mailbox ({UserId}) has been moved to its new server: {Moved} items arrived. Restart your mail program; your folders and mail are where they were."),
        new(NotificationKind.UserMoveFailed, NotificationAudience.MovedUser, "Move failed (to the person)", MovePlaceholders,
            "The move of your mailbox did not succeed",
            "Dear {DisplayName},\n\nthe move of your mailbox ({UserId}) did not succeed, and your mail stays where it was. Please call {WhomToCall}."),
    ];

    public static NotificationKindInfo Of(NotificationKind kind) => All.Single(k => k.Kind == kind);
}
