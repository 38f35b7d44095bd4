namespace MoveCenter.Domain.Inventory;

/// <summary>Why an inventory item did not reach the target, decided where the engine or an admin gave it up.</summary>
public enum NotMovedCategory
{
    /// <summary>An admin dropped it (Skip, Force Complete) before anything else gave it a cause.</summary>
    SkippedByAdmin,
    /// <summary>Over the large item limit; never attempted.</summary>
    TooLarge,
    /// <summary>The target refused it (a quota, a size limit, a malformed message), in its own words.</summary>
    RefusedByTarget,
    /// <summary>The source listed it but failed to hand over its content.</summary>
    UnreadableAtSource,
    /// <summary>Something the source lists that is no message it will hand over: a symbolic link, a link to elsewhere.</summary>
    LinkOrOther,
    /// <summary>A Sieve script with no rule service to take it (at the target) or to read it from (at the source).</summary>
    NoRuleService,
    /// <summary>Gone from the source before its turn came.</summary>
    DeletedAtSource,
}
