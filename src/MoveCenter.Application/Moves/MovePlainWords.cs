using System.Globalization;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Moves;

/// <summary>Where a move stands, in words a helpdesk member can read to the person on the phone.</summary>
public static class MovePlainWords
{
    public static string Describe(MoveSummary move) => move.Status switch
    {
        MoveStatus.Queued when move.NotBefore is { } at => $"waiting to start at {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC",
        MoveStatus.Queued => "waiting to start",
        MoveStatus.Running => Running(move),
        MoveStatus.Waiting => $"paused: {WaitReason(move)}",
        MoveStatus.Stalled => "stopped and waiting for an administrator; the mail already copied is safe",
        MoveStatus.Suspended => "put on hold by an administrator",
        MoveStatus.Synced => "copied and kept up to date while the person still works on the old post office; waiting for the switch-over",
        MoveStatus.Completed => $"finished{Skipped(move)}",
        MoveStatus.Failed => "stopped with an error; an administrator has been shown why",
        MoveStatus.Cancelled => "cancelled; the mailbox stays where it was",
        _ => move.Status.ToString(),
    };

    public const string ErrorShownToAdmins = "an error an administrator can see";

    /// <summary>Why the move waits, from its retry cause: the server's own reason may name folders or items.</summary>
    public static string WaitReason(MoveSummary move) => (move.Status, move.RetryCause) switch
    {
        (MoveStatus.Stalled, _) => "it waits for an administrator",
        (_, RetryCause.NoServer) => "a post office did not answer; it tries again by itself",
        (_, RetryCause.TryLater) => "a post office is busy; it tries again by itself",
        (_, RetryCause.MoveSlot) => "a post office has all its move slots in use; it starts as soon as one frees",
        _ => "it tries again by itself",
    };

    /// <summary>
    /// One history entry as a helpdesk may read it out, built from its kind, its actor and, for phases, the phase it
    /// names; null for entries meant for admins only. Phases keep their "{phase} started/completed" start so that
    /// the phase timeline reads them as it reads an admin's history.
    /// </summary>
    public static string? Event(MoveHistoryEntry entry) => entry.Kind switch
    {
        MoveEventKind.Queued => $"move asked for by {entry.Actor}",
        MoveEventKind.PhaseStarted => PhaseOf(entry) is { } phase ? $"{phase.DisplayName()} started" : null,
        MoveEventKind.PhaseCompleted => PhaseOf(entry) is { } phase ? $"{phase.DisplayName()} completed" : null,
        MoveEventKind.Waiting => "paused; it tries again by itself",
        MoveEventKind.Retry => "tried again",
        MoveEventKind.AutomaticRestart => "restarted by itself after an interruption; it resumes where it stopped",
        MoveEventKind.AdminAction => $"{entry.Actor}: {entry.Message}",
        MoveEventKind.ItemSkipped when entry.Actor == Move.SystemActor => "items that cannot be moved were left behind",
        MoveEventKind.ItemSkipped => $"{entry.Actor} skipped an item that could not be moved",
        MoveEventKind.Stalled => "stopped and waited for an administrator",
        MoveEventKind.Cancelled => $"cancelled by {entry.Actor}",
        MoveEventKind.Completed => "move completed",
        MoveEventKind.Failed => "stopped with an error",
        _ => null,
    };

    /// <summary>The order of a move's work as the move page and the audit show it.</summary>
    public static string Mode(MoveOptions options) => options.Mode switch
    {
        MoveMode.CopyFirst => $"copy-first, synced every {Interval(options.IncrementalSyncInterval)}, cut over "
            + (options.CompleteAfter is { } at ? $"after {at.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC or on Complete" : "on Complete"),
        _ => "switch-first",
    };

    private static string Interval(TimeSpan span) =>
        span.TotalHours >= 1 && span.TotalHours == Math.Floor(span.TotalHours) ? Counted.Of((int)span.TotalHours, "hour") : Counted.Of((int)span.TotalMinutes, "minute");

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalMinutes: < 1 } => "less than a minute",
        { TotalMinutes: < 90 } => $"about {Counted.Of(Math.Max(1, (int)Math.Round(span.TotalMinutes)), "minute")}",
        { TotalHours: < 36 } => $"about {Counted.Of((int)Math.Round(span.TotalHours), "hour")}",
        _ => $"about {Counted.Of((int)Math.Round(span.TotalDays), "day")}",
    };

    private static string Running(MoveSummary move) => move.Phase switch
    {
        MovePhase.Preflight => "checking that everything is ready",
        MovePhase.AdminRename => "switching the mailbox to its new post office",
        MovePhase.Inventory => "listing the mail to copy",
        MovePhase.ItemRequest or MovePhase.FinalSync =>
            $"copying mail: {Count(move.ItemsMoved)} of {Counted.Of(move.InventoryTotal, "item")}"
            + (move.EstimatedTimeLeft is { } left ? $", {Duration(left)} left" : ""),
        MovePhase.IncrementalSync => "bringing the copy up to date; the person still works on the old post office",
        MovePhase.Purge => "cleaning up the old mailbox; the mail is at its new place",
        _ => "finishing",
    };

    private static string Skipped(MoveSummary move) =>
        move.ItemsSkipped == 0 ? "; nothing was left behind" : $"; {SkippedItems(move.ItemsSkipped)}";

    /// <summary>"1 item could not be moved and was skipped", "3 items could not … and were skipped".</summary>
    public static string SkippedItems(int count) =>
        $"{Counted.Of(count, "item")} could not be moved and {(count == 1 ? "was" : "were")} skipped";

    private static MovePhase? PhaseOf(MoveHistoryEntry entry) =>
        Enum.GetValues<MovePhase>().Cast<MovePhase?>().FirstOrDefault(p => entry.Message.StartsWith(p!.Value.DisplayName() + " ", StringComparison.Ordinal));

    private static string Count(int value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
