namespace MoveCenter.Domain.Moves;

/// <summary>
/// The phases of a move. Each is executed by its own job and is safe to run twice. A switch-first move runs them in
/// the order declared, without incremental syncs; a copy-first move copies first and does its admin rename at the
/// cutover (see <see cref="MovePhaseExtensions.Next"/>).
/// </summary>
public enum MovePhase
{
    Preflight,
    AdminRename,
    Inventory,
    ItemRequest,
    IncrementalSync,
    FinalSync,
    Purge,
    Finished,
}

public static class MovePhaseExtensions
{
    private static readonly MovePhase[] SwitchFirst =
        [MovePhase.Preflight, MovePhase.AdminRename, MovePhase.Inventory, MovePhase.ItemRequest, MovePhase.FinalSync, MovePhase.Purge, MovePhase.Finished];

    /// <summary>The user stays on the source through the incremental syncs; the admin rename opens the cutover.</summary>
    private static readonly MovePhase[] CopyFirst =
    [
        MovePhase.Preflight, MovePhase.Inventory, MovePhase.ItemRequest, MovePhase.IncrementalSync,
        MovePhase.AdminRename, MovePhase.FinalSync, MovePhase.Purge, MovePhase.Finished,
    ];

    public static IReadOnlyList<MovePhase> Order(MoveMode mode) => OrderOf(mode);

    public static MovePhase Next(this MovePhase phase, MoveMode mode)
    {
        if (phase == MovePhase.Finished) throw new InvalidOperationException("A finished move has no next phase.");
        var order = OrderOf(mode);
        var at = Array.IndexOf(order, phase);
        if (at < 0) throw new InvalidOperationException($"A {mode} move has no {phase.DisplayName()} phase.");
        return order[at + 1];
    }

    /// <summary>Whether <paramref name="phase"/> comes before <paramref name="other"/> in a move of this mode.</summary>
    public static bool IsBefore(this MovePhase phase, MovePhase other, MoveMode mode) =>
        Array.IndexOf(OrderOf(mode), phase) < Array.IndexOf(OrderOf(mode), other);

    private static MovePhase[] OrderOf(MoveMode mode) => mode == MoveMode.CopyFirst ? CopyFirst : SwitchFirst;

    /// <summary>Until admin rename, nothing has changed anywhere, so a cancel simply withdraws the move.</summary>
    public static bool ChangedAnything(this MovePhase phase) => phase > MovePhase.AdminRename;

    public static string DisplayName(this MovePhase phase) => phase switch
    {
        MovePhase.Preflight => "Preflight",
        MovePhase.AdminRename => "Admin rename",
        MovePhase.Inventory => "Inventory",
        MovePhase.ItemRequest => "Item request",
        MovePhase.IncrementalSync => "Incremental sync",
        MovePhase.FinalSync => "Final sync",
        MovePhase.Purge => "Purge",
        MovePhase.Finished => "Finished",
        _ => phase.ToString(),
    };
}
