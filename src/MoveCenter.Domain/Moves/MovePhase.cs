namespace MoveCenter.Domain.Moves;

/// <summary>The phases of a move, in order. Each is executed by its own job and is safe to run twice.</summary>
public enum MovePhase
{
    Preflight,
    AdminRename,
    Inventory,
    ItemRequest,
    FinalSync,
    Purge,
    Finished,
}

public static class MovePhaseExtensions
{
    public static MovePhase Next(this MovePhase phase) => phase switch
    {
        MovePhase.Finished => throw new InvalidOperationException("A finished move has no next phase."),
        _ => phase + 1,
    };

    /// <summary>Until admin rename, nothing has changed anywhere, so a cancel simply withdraws the move.</summary>
    public static bool ChangedAnything(this MovePhase phase) => phase > MovePhase.AdminRename;

    public static string DisplayName(this MovePhase phase) => phase switch
    {
        MovePhase.Preflight => "Preflight",
        MovePhase.AdminRename => "Admin rename",
        MovePhase.Inventory => "Inventory",
        MovePhase.ItemRequest => "Item request",
        MovePhase.FinalSync => "Final sync",
        MovePhase.Purge => "Purge",
        MovePhase.Finished => "Finished",
        _ => phase.ToString(),
    };
}
