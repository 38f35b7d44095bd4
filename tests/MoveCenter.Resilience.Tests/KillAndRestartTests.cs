using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Resilience.Tests.Support;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests;

/// <summary>
/// DESIGN.md §4 under the fault the engine exists for: the real host, killed with SIGKILL at seeded moments in every
/// phase and started again each time, still delivers every message once, purges the source last, and says in the
/// move's history that it restarted, each time.
/// </summary>
public sealed class KillAndRestartTests : IDisposable
{
    private const int Messages = 1000;
    private readonly ScratchFolder _scratch = new("kills");

    [Fact]
    public async Task A_Maildir_move_killed_again_and_again_in_every_phase_arrives_whole_once_and_lists_each_restart()
    {
        var seed = KillPlan.Seed();
        await using var postOffices = await MaildirPostOffices.CreateAsync(_scratch.Sub("postoffices"), Mailbox(seed));
        await RunCampaignAsync(postOffices, seed);
    }

    [Fact]
    public async Task A_Dovecot_move_killed_again_and_again_in_every_phase_arrives_whole_once_and_lists_each_restart()
    {
        var seed = KillPlan.Seed();
        await using var postOffices = await DovecotPostOffices.StartAsync(Mailbox(seed));
        await RunCampaignAsync(postOffices, seed);
    }

    public void Dispose() => _scratch.Dispose();

    private static DemoMailboxSpec Mailbox(int seed) => new(seed, Messages) { BatchSize = 100 };

    private async Task RunCampaignAsync(IPostOffices postOffices, int seed)
    {
        var database = new MoveDatabase(_scratch.SqliteDatabase);
        var settings = EngineSettings.Fast();
        settings["MoveCenter:Maildir:AllowedRoots:0"] = _scratch.Sub("postoffices");
        await using var node = new MoveCenterNode("node-1", _scratch.Sub("node-1"), _scratch.SqliteDatabase, settings);
        var campaign = new KillCampaign(postOffices, node, database, seed);

        var moveId = await campaign.RunAsync();
        await database.WaitForAsync(moveId, s => s.Status.IsTerminal() || s.Status == MoveStatus.Stalled, _ => false, "to finish");
        var move = await node.Api.MoveAsync(moveId);
        var kills = campaign.Kills;
        var restarts = move.History.Where(h => h.Kind == nameof(MoveEventKind.AutomaticRestart)).ToList();
        foreach (var restart in restarts) campaign.Write($"history: {restart.Message}");
        var report = $"{move.Describe()}\n{campaign.Journal}\nNode output:\n{node.RecentOutput()}";

        Assert.True(move.Status == "Completed", $"The move did not complete.\n{report}");
        Assert.True(kills.Count >= 10, $"Only {kills.Count} kills landed.\n{report}");
        var phasesHit = kills.Select(k => k.AtDeath.Phase).ToHashSet();
        Assert.True(KillPlan.WorkPhases.All(phasesHit.Contains),
            $"No kill landed in {string.Join(", ", KillPlan.WorkPhases.Where(p => !phasesHit.Contains(p)))}.\n{report}");

        // Invariants 1 and 2: every message once, with its bytes, flags, keywords, date and folder.
        var before = campaign.Before!;
        var target = await postOffices.TargetMailAsync();
        Assert.Equal(before.Folders, target.Folders);
        Assert.Equal(before.Messages.Select(m => m.ToString()), target.Messages.Select(m => m.ToString()));
        Assert.Equal(before.Messages.Count, await postOffices.TargetMessageCountAsync());
        Assert.Empty((await postOffices.SourceMailAsync()).Messages);

        // Every kill of a working node is an automatic restart in the history, naming the worker that died.
        var caughtWorking = kills.Where(k => k.CaughtWorking).ToList();
        foreach (var kill in caughtWorking)
            Assert.True(restarts.Count(r => r.Message.Contains(kill.AtDeath.LeaseOwner!, StringComparison.Ordinal)) == 1,
                $"The history does not list the restart after {kill} exactly once.\n{report}");
        Assert.True(restarts.Count == caughtWorking.Count, $"{restarts.Count} automatic restarts for {caughtWorking.Count} kills of a working node.\n{report}");
        Assert.Equal(caughtWorking.Count, move.Restarts);
    }
}
