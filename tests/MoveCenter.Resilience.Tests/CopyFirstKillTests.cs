using MailKit;
using MoveCenter.Connectors.Demo;
using MoveCenter.Domain.Moves;
using MoveCenter.Resilience.Tests.Support;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests;

/// <summary>
/// A copy-first move whose node is killed with SIGKILL while an incremental sync copies, and again while its cutover's
/// last sync copies: every message arrives once and no message expunged at the source comes back.
/// </summary>
public sealed class CopyFirstKillTests : IDisposable
{
    private const int NewPerPass = 400;
    private readonly ScratchFolder _scratch = new("copyfirst-kills");

    [Fact]
    public async Task A_copy_first_move_killed_in_an_incremental_sync_and_in_its_cutover_has_each_message_once_and_none_expunged_back()
    {
        await using var postOffices = await DovecotPostOffices.StartAsync(new DemoMailboxSpec(KillPlan.Seed(), 200) { BatchSize = 100, IncludeLargeAttachments = false });
        var database = new MoveDatabase(_scratch.SqliteDatabase);
        await using var node = new MoveCenterNode("node-1", _scratch.Sub("node-1"), _scratch.SqliteDatabase, EngineSettings.Fast());
        await node.StartAsync();
        await postOffices.RegisterAsync(node.Api);
        var moveId = await node.Api.QueueMoveAsync(IPostOffices.User, IPostOffices.TargetName, new { mode = "CopyFirst" });
        await WaitForAsync(database, moveId, s => s.Status == MoveStatus.Synced, "synced");

        await ChangeSourceAsync(postOffices.Source, "first", expunge: 20);
        var synced = await database.StateAsync(moveId);
        await node.Api.ActAsync(moveId, "retry");
        await KillWhileCopyingAsync(node, database, moveId, MovePhase.IncrementalSync, synced.ItemsMoved);
        await WaitForAsync(database, moveId, s => s.Status == MoveStatus.Synced, "synced again after the kill");
        (await postOffices.SourceMailAsync()).AssertSameMail(await postOffices.TargetMailAsync());

        await ChangeSourceAsync(postOffices.Source, "second", expunge: 10);
        var atCutover = await postOffices.SourceMailAsync();
        synced = await database.StateAsync(moveId);
        await node.Api.ActAsync(moveId, "complete");
        await KillWhileCopyingAsync(node, database, moveId, MovePhase.FinalSync, synced.ItemsMoved);
        await WaitForAsync(database, moveId, s => s.Status.IsTerminal(), "completed after the kill");

        var move = await node.Api.MoveAsync(moveId);
        Assert.True(move.Status == "Completed", move.Describe());
        atCutover.AssertSameMail(await postOffices.TargetMailAsync());
        Assert.Equal(atCutover.Messages.Count, await postOffices.TargetMessageCountAsync());
        Assert.Equal(2, move.History.Count(h => h.Kind == nameof(MoveEventKind.AutomaticRestart)));
    }

    public void Dispose() => _scratch.Dispose();

    /// <summary>Kills the node once a worker of that phase has copied a good part of what is new, then starts it again.</summary>
    private static async Task KillWhileCopyingAsync(MoveCenterNode node, MoveDatabase database, Guid moveId, MovePhase phase, int movedBefore)
    {
        var reached = await database.WaitForAsync(moveId,
            s => s.IsWorkedOn && s.Phase == phase && s.ItemsMoved >= movedBefore + NewPerPass / 4,
            s => s.Status is MoveStatus.Synced or MoveStatus.Stalled || s.Status.IsTerminal(), $"to copy in {phase}");
        Assert.True(reached is not null, $"The {phase} ended before it could be killed: {await database.StateAsync(moveId)}");
        await node.KillAsync();
        await node.StartAsync();
    }

    private static async Task WaitForAsync(MoveDatabase database, Guid moveId, Func<MoveState, bool> condition, string description)
    {
        var state = await database.WaitForAsync(moveId, condition, s => s.Status == MoveStatus.Stalled || s.Status is MoveStatus.Failed or MoveStatus.Cancelled, description);
        Assert.True(state is not null, $"The move did not get {description}: {await database.StateAsync(moveId)}");
    }

    /// <summary>What the user does between syncs: expunges some mail, flags some, and receives a lot.</summary>
    private static async Task ChangeSourceAsync(DovecotServer source, string pass, int expunge)
    {
        using var edits = await SourceEdits.OpenAsync(source, IPostOffices.User);
        var inbox = await edits.FolderAsync();
        var uids = await edits.UidsAsync(inbox);
        await edits.ExpungeAsync(inbox, [.. uids.Take(expunge)]);
        await edits.StoreAsync(inbox, [.. uids.Skip(expunge).Take(30)], StoreAction.Add, MessageFlags.Flagged, "$Important");
        for (var i = 0; i < NewPerPass; i++) await edits.AppendAsync(inbox, $"{pass}-{i}@copyfirst.example");
    }
}
