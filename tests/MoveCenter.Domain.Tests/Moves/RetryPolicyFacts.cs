using MoveCenter.Domain.Moves;

namespace MoveCenter.Domain.Tests.Moves;

public class RetryPolicyFacts
{
    private static readonly DateTime Now = new(2026, 11, 22, 14, 0, 0, DateTimeKind.Utc);
    private readonly RetryPolicy _policy = new();

    [Fact]
    public void Decide_waits_15_minutes_for_each_of_the_first_three_no_server_tries()
    {
        RetryCause? cause = null;
        var attempt = 0;
        for (var expected = 1; expected <= 3; expected++)
        {
            var wait = Assert.IsType<RetryDecision.WaitUntil>(_policy.Decide(RetryCause.NoServer, cause, attempt, Now));
            Assert.Equal((RetryCause.NoServer, expected, Now.AddMinutes(15)), (wait.Cause, wait.Attempt, wait.NextTry));
            (cause, attempt) = (wait.Cause, wait.Attempt);
        }
    }

    [Fact]
    public void Decide_moves_to_the_12_hour_deferred_cycle_after_three_no_server_tries()
    {
        var wait = Assert.IsType<RetryDecision.WaitUntil>(_policy.Decide(RetryCause.NoServer, RetryCause.NoServer, 3, Now));

        Assert.Equal((RetryCause.Deferred, 1, Now.AddHours(12)), (wait.Cause, wait.Attempt, wait.NextTry));
    }

    [Fact]
    public void Decide_gives_up_with_retries_exhausted_after_fourteen_deferred_tries()
    {
        Assert.IsType<RetryDecision.WaitUntil>(_policy.Decide(RetryCause.NoServer, RetryCause.Deferred, 13, Now));

        var giveUp = Assert.IsType<RetryDecision.GiveUp>(_policy.Decide(RetryCause.NoServer, RetryCause.Deferred, 14, Now));
        Assert.Contains("Retries exhausted", giveUp.Reason);
    }

    [Fact]
    public void Decide_retries_a_busy_post_office_every_five_minutes_without_giving_up()
    {
        var wait = Assert.IsType<RetryDecision.WaitUntil>(_policy.Decide(RetryCause.TryLater, RetryCause.TryLater, 500, Now));

        Assert.Equal((RetryCause.TryLater, 501, Now.AddMinutes(5)), (wait.Cause, wait.Attempt, wait.NextTry));
    }

    [Fact]
    public void Decide_uses_the_configured_intervals()
    {
        var policy = new RetryPolicy { NoServerInterval = TimeSpan.FromSeconds(2), NoServerTries = 1 };

        var first = Assert.IsType<RetryDecision.WaitUntil>(policy.Decide(RetryCause.NoServer, null, 0, Now));
        Assert.Equal(Now.AddSeconds(2), first.NextTry);
        var second = Assert.IsType<RetryDecision.WaitUntil>(policy.Decide(RetryCause.NoServer, first.Cause, first.Attempt, Now));
        Assert.Equal(RetryCause.Deferred, second.Cause);
    }

    [Fact]
    public void DecideReexamination_looks_at_a_stalled_move_every_12_hours_and_gives_up_after_fourteen_looks()
    {
        var first = Assert.IsType<RetryDecision.WaitUntil>(_policy.DecideReexamination(null, 0, Now));
        Assert.Equal((RetryCause.Deferred, 1, Now.AddHours(12)), (first.Cause, first.Attempt, first.NextTry));
        var fourteenth = Assert.IsType<RetryDecision.WaitUntil>(_policy.DecideReexamination(RetryCause.Deferred, 13, Now));
        Assert.Equal(14, fourteenth.Attempt);

        var giveUp = Assert.IsType<RetryDecision.GiveUp>(_policy.DecideReexamination(RetryCause.Deferred, 14, Now));
        Assert.Equal("Retries exhausted after 14 deferred tries", giveUp.Reason);
    }

    [Fact]
    public void DecideReexamination_starts_the_deferred_cycle_afresh_after_a_wait_for_another_cause()
    {
        var wait = Assert.IsType<RetryDecision.WaitUntil>(_policy.DecideReexamination(RetryCause.NoServer, 3, Now));

        Assert.Equal((RetryCause.Deferred, 1), (wait.Cause, wait.Attempt));
    }
}
