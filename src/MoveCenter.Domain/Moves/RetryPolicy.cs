namespace MoveCenter.Domain.Moves;

public enum RetryCause
{
    /// <summary>The post office did not answer.</summary>
    NoServer,
    /// <summary>The post office was busy or its move slots were full.</summary>
    TryLater,
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
    public TimeSpan NoServerInterval { get; init; } = TimeSpan.FromMinutes(15);
    public int NoServerTries { get; init; } = 3;
    public TimeSpan TryLaterInterval { get; init; } = TimeSpan.FromMinutes(5);
    public TimeSpan DeferredInterval { get; init; } = TimeSpan.FromHours(12);
    public int DeferredTries { get; init; } = 14;
    public int MaxAutomaticRestarts { get; init; } = 10;

    /// <summary>Decides the next try after a failure of <paramref name="cause"/>, given how the move waited before.</summary>
    public RetryDecision Decide(RetryCause cause, RetryCause? previousCause, int previousAttempt, DateTime now)
    {
        if (cause == RetryCause.TryLater)
            return new RetryDecision.WaitUntil(RetryCause.TryLater, previousCause == RetryCause.TryLater ? previousAttempt + 1 : 1, now + TryLaterInterval);

        if (previousCause == RetryCause.Deferred)
            return previousAttempt >= DeferredTries
                ? new RetryDecision.GiveUp($"Retries exhausted after {DeferredTries} deferred tries")
                : new RetryDecision.WaitUntil(RetryCause.Deferred, previousAttempt + 1, now + DeferredInterval);

        var attempt = previousCause == RetryCause.NoServer ? previousAttempt + 1 : 1;
        return attempt <= NoServerTries
            ? new RetryDecision.WaitUntil(RetryCause.NoServer, attempt, now + NoServerInterval)
            : new RetryDecision.WaitUntil(RetryCause.Deferred, 1, now + DeferredInterval);
    }
}
