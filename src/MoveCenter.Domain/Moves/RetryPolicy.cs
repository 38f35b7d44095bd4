namespace MoveCenter.Domain.Moves;

public enum RetryCause
{
    /// <summary>The post office did not answer.</summary>
    NoServer,
    /// <summary>The post office was busy.</summary>
    TryLater,
    /// <summary>Every move slot of a post office was in use: the move starts as soon as one frees, on whatever node frees it.</summary>
    MoveSlot,
    /// <summary>The move waits in the long deferred cycle.</summary>
    Deferred,
}

public abstract record RetryDecision
{
    public sealed record WaitUntil(RetryCause Cause, int Attempt, DateTime NextTry) : RetryDecision;

    public sealed record GiveUp(string Reason) : RetryDecision;
}

/// <summary>The deferred-retry schedule of the GroupWise move, with its defaults.</summary>
public sealed record RetryPolicy
{
    /// <summary>
    /// Errors that restart a move at once instead of deferring or stalling it, as Migrator for Notes' RetryJobStatus:
    /// <c>Socket:</c> a socket error name, <c>Imap:</c> an IMAP response code, <c>Exception:</c> an exception type name.
    /// The defaults are the IMAP codes (RFC 5530) for a condition that passes by itself: a temporary failure of the
    /// server and a mailbox locked by another process. A lost connection is not among them: it already waits as "no
    /// server", which does not use up the limited automatic restarts.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultRestartOnErrors = ["Imap:UNAVAILABLE", "Imap:INUSE"];

    public TimeSpan NoServerInterval { get; init; } = TimeSpan.FromMinutes(15);
    public int NoServerTries { get; init; } = 3;
    public TimeSpan TryLaterInterval { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan DeferredInterval { get; init; } = TimeSpan.FromHours(12);
    public int DeferredTries { get; init; } = 14;
    public int MaxAutomaticRestarts { get; init; } = 10;

    /// <summary>How often a source mailbox that could not be purged is tried again, and for how long before it waits for an admin.</summary>
    public TimeSpan CleanupInterval { get; init; } = TimeSpan.FromHours(1);
    public TimeSpan CleanupPeriod { get; init; } = TimeSpan.FromDays(1);

    /// <summary>Null means <see cref="DefaultRestartOnErrors"/>; a configured list replaces the defaults rather than adding to them.</summary>
    public IReadOnlyList<string>? RestartOnErrors { get; init; }

    public IReadOnlyList<string> EffectiveRestartOnErrors => RestartOnErrors ?? DefaultRestartOnErrors;

    /// <summary>Decides the next try after a failure of <paramref name="cause"/>, given how the move waited before.</summary>
    public RetryDecision Decide(RetryCause cause, RetryCause? previousCause, int previousAttempt, DateTime now)
    {
        if (cause == RetryCause.TryLater)
            return new RetryDecision.WaitUntil(RetryCause.TryLater, previousCause == RetryCause.TryLater ? previousAttempt + 1 : 1, now + TryLaterInterval);

        if (previousCause == RetryCause.Deferred)
            return NextDeferred(previousAttempt, now);

        var attempt = previousCause == RetryCause.NoServer ? previousAttempt + 1 : 1;
        return attempt <= NoServerTries
            ? new RetryDecision.WaitUntil(RetryCause.NoServer, attempt, now + NoServerInterval)
            : new RetryDecision.WaitUntil(RetryCause.Deferred, 1, now + DeferredInterval);
    }

    /// <summary>
    /// When a stalled move is looked at again without a person: it joins the deferred cycle (every
    /// <see cref="DeferredInterval"/>, <see cref="DeferredTries"/> times), after which the move fails.
    /// </summary>
    public RetryDecision DecideReexamination(RetryCause? previousCause, int previousAttempt, DateTime now) =>
        previousCause == RetryCause.Deferred
            ? NextDeferred(previousAttempt, now)
            : new RetryDecision.WaitUntil(RetryCause.Deferred, 1, now + DeferredInterval);

    private RetryDecision NextDeferred(int previousAttempt, DateTime now) =>
        previousAttempt >= DeferredTries
            ? new RetryDecision.GiveUp($"Retries exhausted after {DeferredTries} deferred tries")
            : new RetryDecision.WaitUntil(RetryCause.Deferred, previousAttempt + 1, now + DeferredInterval);
}
