using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class PendingCleanupFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);
    private readonly RetryPolicy _policy = new();

    [Fact]
    public void A_failed_purge_is_tried_again_every_hour_for_a_day_then_waits_for_an_admin()
    {
        var cleanup = PendingCleanup.Record(Guid.NewGuid(), "UserA", 1, "Access to the path is denied", _policy, Now);
        Assert.Equal((CleanupState.Pending, 1, Now.AddHours(1)), (cleanup.State, cleanup.Attempts, cleanup.NextAttemptAt));

        for (var hour = 1; hour <= 23; hour++)
        {
            cleanup.RecordFailure("still denied", _policy, Now.AddHours(hour));
            Assert.Equal((CleanupState.Pending, Now.AddHours(hour + 1)), (cleanup.State, cleanup.NextAttemptAt));
        }
        cleanup.RecordFailure("still denied", _policy, Now.AddHours(24));

        Assert.Equal((CleanupState.NeedsAdmin, 25, (DateTime?)null, "still denied"), (cleanup.State, cleanup.Attempts, cleanup.NextAttemptAt, cleanup.LastError));
    }

    [Fact]
    public void An_admin_retry_is_due_at_once_and_starts_a_fresh_day_of_retries()
    {
        var cleanup = PendingCleanup.Record(Guid.NewGuid(), "UserA", 1, "denied", _policy with { CleanupPeriod = TimeSpan.Zero }, Now);
        cleanup.RecordFailure("denied", _policy, Now.AddHours(1));
        Assert.Equal(CleanupState.NeedsAdmin, cleanup.State);

        cleanup.Retry("admin-3", _policy, Now.AddDays(3));

        Assert.Equal((CleanupState.Pending, Now.AddDays(3), Now.AddDays(4), "admin-3"), (cleanup.State, cleanup.NextAttemptAt, cleanup.RetryUntil, cleanup.RetriedBy));
    }

    [Fact]
    public void A_done_cleanup_cannot_be_retried_or_failed()
    {
        var cleanup = PendingCleanup.Record(Guid.NewGuid(), "UserA", 1, "denied", _policy, Now);
        cleanup.MarkDone(Now.AddHours(1));

        Assert.Equal((CleanupState.Done, Now.AddHours(1)), (cleanup.State, cleanup.CompletedAt));
        Assert.Throws<InvalidOperationException>(() => cleanup.Retry("admin-3", _policy, Now.AddHours(2)));
        Assert.Throws<InvalidOperationException>(() => cleanup.RecordFailure("denied", _policy, Now.AddHours(2)));
    }
}
