using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Web.Components.Moves;

/// <summary>One phase of a move, when it first started and when it last completed, read from the history.</summary>
public sealed record PhaseSpan(MovePhase Phase, DateTime? StartedAt, DateTime? CompletedAt)
{
    public bool IsDone => CompletedAt is not null;

    /// <summary>The phases of a move of this mode up to Purge, in order, with the times the history records for each.</summary>
    public static IReadOnlyList<PhaseSpan> From(IEnumerable<MoveHistoryEntry> history, MoveMode mode = MoveMode.SwitchFirst)
    {
        var entries = history.ToList();
        return MovePhaseExtensions.Order(mode).Where(p => p != MovePhase.Finished)
            .Select(phase =>
            {
                var name = phase.DisplayName();
                var started = entries.FirstOrDefault(e => e.Kind == MoveEventKind.PhaseStarted && e.Message.StartsWith(name + " ", StringComparison.Ordinal));
                var completed = entries.LastOrDefault(e => e.Kind == MoveEventKind.PhaseCompleted && e.Message.StartsWith(name + " completed", StringComparison.Ordinal));
                return new PhaseSpan(phase, started?.At, completed?.At);
            })
            .ToList();
    }
}
