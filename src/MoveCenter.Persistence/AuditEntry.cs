namespace MoveCenter.Persistence;

/// <summary>
/// One admin action, as it was done: who, when (UTC), what, on which thing, and details that never hold a secret.
/// Entries are only ever added; the database refuses to change or delete one (triggers in the AuditTrail migration).
/// </summary>
public sealed class AuditEntry
{
    public const int ActorMaxLength = 256;
    public const int ActionMaxLength = 64;
    public const int TargetMaxLength = 512;
    public const int DetailsMaxLength = 4000;

    public long Id { get; init; }
    public DateTime At { get; init; }
    public string Actor { get; init; } = "";
    public string Action { get; init; } = "";
    public string Target { get; init; } = "";
    public string? Details { get; init; }
}
