using MoveCenter.Persistence;

namespace MoveCenter.Application.Audit;

/// <summary>
/// Writes the audit trail. An entry is added to the DbContext that carries the change, so the action and its entry
/// are saved together: a refused or failed action leaves no entry, and no action goes unrecorded.
/// </summary>
public sealed class AuditTrail(TimeProvider clock)
{
    /// <param name="details">What a reader needs to understand the action; never a password or key secret.</param>
    public void Record(MoveCenterDbContext db, string actor, string action, string target, string? details = null) =>
        db.AuditEntries.Add(new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = Fit(actor, AuditEntry.ActorMaxLength),
            Action = action,
            Target = Fit(target, AuditEntry.TargetMaxLength),
            Details = details is null ? null : Fit(details, AuditEntry.DetailsMaxLength),
        });

    // An over-long value must not make the action itself fail at the save; the start of it still says what happened.
    private static string Fit(string value, int maxLength) => value.Length <= maxLength ? value : value[..(maxLength - 1)] + "…";
}
