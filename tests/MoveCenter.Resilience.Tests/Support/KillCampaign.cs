using System.Diagnostics;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>One SIGKILL of the node and what the database and the post offices showed right after it.</summary>
public sealed record Kill(int Number, KillPoint Planned, TimeSpan At, MoveState AtDeath, int InFlight, bool SourceWhole)
{
    /// <summary>A worker held the move when the node died, so the next start must restart it automatically.</summary>
    public bool CaughtWorking => AtDeath is { Status: MoveStatus.Running, LeaseOwner: not null };

    public override string ToString() =>
        $"kill {Number} at {At.TotalSeconds:F1} s, planned {Planned}: landed {AtDeath}, {InFlight} in flight, source {(SourceWhole ? "whole" : "purged")}";
}

/// <summary>
/// Runs one move on a node that is killed with SIGKILL at every point of a seeded <see cref="KillPlan"/> and started
/// again each time, checking after each kill that the source is whole unless the target already holds everything.
/// Everything it does is written to the test output, seed first, so that a failure can be replayed.
/// </summary>
public sealed class KillCampaign(IPostOffices postOffices, MoveCenterNode node, MoveDatabase database, int seed)
{
    private readonly List<string> _journal = [];
    private readonly HashSet<string> _deadWorkers = [];
    private readonly List<Kill> _kills = [];

    public IReadOnlyList<Kill> Kills => _kills;

    public MailboxSnapshot? Before { get; private set; }

    public string Journal => string.Join("\n", _journal);

    public async Task<Guid> RunAsync()
    {
        var plan = KillPlan.Create(seed);
        Write($"seed {seed} (MOVECENTER_FAULT_SEED={seed} repeats this plan); {plan.Count} kills planned: {string.Join(", ", plan)}");
        await node.StartAsync();
        await postOffices.RegisterAsync(node.Api);
        Before = await postOffices.SourceMailAsync();
        await database.WarmUpAsync();
        Write($"source holds {Before.Messages.Count} messages in {Before.Folders.Count} folders");
        var moveId = await node.Api.QueueMoveAsync(IPostOffices.User, IPostOffices.TargetName);
        var clock = Stopwatch.StartNew();

        foreach (var point in plan)
        {
            var reached = await database.WaitForAsync(moveId, s => point.IsReached(s, _deadWorkers), point.IsPassed, $"to reach {point}");
            if (reached is null)
            {
                Write($"planned {point}: the move was past it already");
                continue;
            }
            await node.KillAsync();
            await RecordKillAsync(moveId, point, clock.Elapsed);
            await node.StartAsync();
        }
        return moveId;
    }

    public void Write(string line)
    {
        _journal.Add(line);
        TestContext.Current.TestOutputHelper?.WriteLine(line);
    }

    private async Task RecordKillAsync(Guid moveId, KillPoint point, TimeSpan at)
    {
        var state = await database.StateAsync(moveId);
        var inFlight = await database.InFlightAsync(moveId);
        var source = await postOffices.SourceMailAsync();
        var whole = source.Messages.SequenceEqual(Before!.Messages) && source.Folders.SequenceEqual(Before.Folders);
        var kill = new Kill(_kills.Count + 1, point, at, state, inFlight, whole);
        _kills.Add(kill);
        if (state.LeaseOwner is { } owner) _deadWorkers.Add(owner);
        Write(kill.ToString());

        // Invariant 3: the source is touched only once the target holds everything.
        Assert.True(whole || state.Phase >= MovePhase.Purge, $"The source lost mail before the purge phase.\n{Journal}");
        if (!whole)
        {
            var target = await postOffices.TargetMailAsync();
            Assert.True(target.Messages.SequenceEqual(Before.Messages) && target.Folders.SequenceEqual(Before.Folders),
                $"The source was being purged while the target lacked mail ({target.Messages.Count} of {Before.Messages.Count} messages).\n{Journal}");
        }
    }
}
