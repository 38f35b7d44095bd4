namespace MoveCenter.Domain.Moves;

/// <summary>How well a finished move did (DESIGN §11): given at its purge, once nothing more can arrive.</summary>
public enum MoveGrade
{
    /// <summary>Nothing was left behind.</summary>
    Perfect,
    /// <summary>Only items an admin chose to skip, or a small share of the mailbox below the configured limit.</summary>
    Good,
    /// <summary>Anything else: an admin approves the items left behind before the source is purged.</summary>
    Investigate,
}

/// <summary>What a move left behind, as the grade weighs it.</summary>
/// <param name="Items">Items not moved that no admin chose to skip.</param>
/// <param name="Bytes">Their size.</param>
/// <param name="ChosenByAdmin">Items an admin chose to skip.</param>
public sealed record LeftBehind(int Items, long Bytes, int ChosenByAdmin)
{
    /// <param name="goodShare">The share of the inventory's items, and of its bytes, that may be left behind for Good (0.001 = one in a thousand).</param>
    public MoveGrade Grade(int inventoryItems, long inventoryBytes, double goodShare)
    {
        if (Items == 0) return ChosenByAdmin == 0 ? MoveGrade.Perfect : MoveGrade.Good;
        var smallShare = Items <= goodShare * inventoryItems && Bytes <= goodShare * inventoryBytes;
        return smallShare ? MoveGrade.Good : MoveGrade.Investigate;
    }
}
