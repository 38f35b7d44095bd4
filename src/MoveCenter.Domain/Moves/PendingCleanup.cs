namespace MoveCenter.Domain.Moves;

public enum CleanupState
{
    /// <summary>Tried again on the cleanup schedule.</summary>
    Pending,
    /// <summary>The source mailbox is gone.</summary>
    Done,
    /// <summary>The schedule is over, or removing the mailbox is no longer safe: an admin has to look and retry.</summary>
    NeedsAdmin,
}

/// <summary>
/// A source mailbox the purge could not remove, kept like Migration Manager's cleanup table: the move's mail is at the
/// target, so the move completes, and the removal is tried again on its own schedule and never forgotten.
/// </summary>
public sealed class PendingCleanup
{
    private PendingCleanup() { }

    public long Id { get; private set; }
    public Guid MoveId { get; private set; }
    public string UserId { get; private set; } = "";
    public int PostOfficeId { get; private set; }
    public CleanupState State { get; private set; }
    public DateTime CreatedAt { get; private set; }

    /// <summary>The last time a failed attempt is followed by another on the schedule; after it the cleanup waits for an admin.</summary>
    public DateTime RetryUntil { get; private set; }
    public DateTime? NextAttemptAt { get; private set; }
    public int Attempts { get; private set; }
    public string LastError { get; private set; } = "";
    public DateTime? LastAttemptAt { get; private set; }
    public DateTime? CompletedAt { get; private set; }
    public string? RetriedBy { get; private set; }

    public static PendingCleanup Record(Guid moveId, string userId, int postOfficeId, string error, RetryPolicy policy, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        ArgumentException.ThrowIfNullOrWhiteSpace(error);
        return new PendingCleanup
        {
            MoveId = moveId,
            UserId = userId,
            PostOfficeId = postOfficeId,
            State = CleanupState.Pending,
            CreatedAt = now,
            RetryUntil = now + policy.CleanupPeriod,
            NextAttemptAt = now + policy.CleanupInterval,
            Attempts = 1,
            LastError = error,
            LastAttemptAt = now,
        };
    }

    public void RecordFailure(string error, RetryPolicy policy, DateTime now)
    {
        RequireState(CleanupState.Pending, "record a failed attempt of");
        Attempts++;
        LastError = error;
        LastAttemptAt = now;
        var next = now + policy.CleanupInterval;
        if (next <= RetryUntil)
        {
            NextAttemptAt = next;
            return;
        }
        State = CleanupState.NeedsAdmin;
        NextAttemptAt = null;
    }

    /// <summary>Removing the mailbox would do harm now (its owner lives there again); only a person can decide.</summary>
    public void Refuse(string reason, DateTime now)
    {
        RequireState(CleanupState.Pending, "refuse");
        State = CleanupState.NeedsAdmin;
        LastError = reason;
        LastAttemptAt = now;
        NextAttemptAt = null;
    }

    public void MarkDone(DateTime now)
    {
        RequireState(CleanupState.Pending, "complete");
        State = CleanupState.Done;
        CompletedAt = now;
        LastAttemptAt = now;
        NextAttemptAt = null;
    }

    /// <summary>An admin asks for another try now; a failure then starts a fresh retry schedule.</summary>
    public void Retry(string actor, RetryPolicy policy, DateTime now)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (State == CleanupState.Done)
            throw new InvalidOperationException("The source mailbox was already removed; there is nothing to clean up.");
        State = CleanupState.Pending;
        NextAttemptAt = now;
        RetryUntil = now + policy.CleanupPeriod;
        RetriedBy = actor;
    }

    private void RequireState(CleanupState expected, string action)
    {
        if (State != expected)
            throw new InvalidOperationException($"Cannot {action} a cleanup that is {State}; it must be {expected}.");
    }
}
