using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Common;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>Invariant 2, nothing doubled: a move resumed after a stop or a crash, or restarted entirely by an admin, leaves each source message at the target once.</summary>
public sealed class MoveRestartTests : IDisposable
{
    private const string User = "UserA";
    private const int DeliveredBeforeFault = 60;
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_move_interrupted_by_an_orderly_shutdown_resumes_on_the_next_start_without_doubling_any_message()
    {
        var probe = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.BlockUntilCancelled, FaultAfter = DeliveredBeforeFault };
        Guid moveId;
        MailboxSnapshot before;
        await using (var first = await MoveCenterHost.StartAsync(_data, decorate: probe.Install))
        {
            before = await MailboxSnapshot.TakeAsync(first.SourceRoot, User);
            moveId = await first.QueueAsync(User);
            await probe.Faulted.WaitAsync(MoveCenterHost.WaitLimit, TestContext.Current.CancellationToken);
            await first.StopAsync();

            var stopped = await first.DetailsAsync(moveId);
            first.AssertStatus(stopped, MoveStatus.Queued);
            Assert.Equal(MovePhase.ItemRequest, stopped.Summary.Phase);
        }

        probe.Fault = ProbeFault.None;
        await using var second = await MoveCenterHost.StartAsync(_data, decorate: probe.Install);
        var details = await second.WaitUntilSettledAsync(moveId);

        second.AssertStatus(details, MoveStatus.Completed);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.Note && h.Message.StartsWith("Interrupted in Item request", StringComparison.Ordinal));
        await AssertEachMessageOnceAsync(second, User, before, probe);
    }

    [Fact]
    public Task A_worker_that_dies_after_the_target_accepted_a_block_is_resumed_and_finds_that_block_instead_of_sending_it_again() => ResumeAfterWorkerDiedAsync(_data);

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task ResumeAfterWorkerDiedAsync(TestDataFolder data)
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.DieAfterDelivery, FaultAfter = DeliveredBeforeFault };
        Guid moveId;
        MailboxSnapshot before;
        await using (var first = await MoveCenterHost.StartAsync(data, decorate: probe.Install))
        {
            before = await MailboxSnapshot.TakeAsync(first.SourceRoot, User);
            moveId = await first.QueueAsync(User);
            await probe.Faulted.WaitAsync(MoveCenterHost.WaitLimit, ct);

            // The situation the test is about: mail at the target that the database does not know has arrived.
            await using var db = await first.DbAsync();
            var unrecorded = await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.InFlight, ct);
            Assert.True(unrecorded > 0, "the crash should leave delivered items in flight");
        }

        probe.Fault = ProbeFault.None;
        await using var second = await MoveCenterHost.StartAsync(data, decorate: probe.Install);
        var details = await second.WaitUntilSettledAsync(moveId);

        second.AssertStatus(details, MoveStatus.Completed);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.Contains("found already at the target", StringComparison.Ordinal));
        await AssertEachMessageOnceAsync(second, User, before, probe);
    }

    [Fact]
    public async Task Restarting_a_partly_moved_move_entirely_takes_a_fresh_inventory_and_sends_neither_moved_nor_in_flight_messages_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.HoldUntilReleased, FaultAfter = DeliveredBeforeFault };
        // One connection, so the blocks go one after the other: a block is recorded when its last message arrived, and
        // the first block of 50 is whole before the target holds the 61st message. With blocks sent side by side, none
        // might be whole yet.
        var settings = new HostSettings { Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:ConnectionsPerMove"] = "1" } };
        await using var host = await MoveCenterHost.StartAsync(_data, settings, probe.Install);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);
        var moveId = await host.QueueAsync(User);
        await probe.Faulted.WaitAsync(MoveCenterHost.WaitLimit, ct);

        // Suspended while the target holds a block: the block arrives, but the suspended move records none of it.
        await host.Services.GetRequiredService<SuspendMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, ct);
        probe.Release();
        await host.WaitUntilNoWorkerHoldsAsync(moveId);
        await using (var db = await host.DbAsync())
        {
            Assert.True(await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.Kind == InventoryKind.Message && i.State == InventoryState.Moved, ct) > 0,
                "the blocks before the held one should be recorded as moved");
            Assert.True(await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.InFlight, ct) > 0, "the held block should be at the target unrecorded");
        }

        var restarted = await host.Services.GetRequiredService<RestartMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, ct);

        Assert.Equal((MoveStatus.Queued, MovePhase.Preflight, 0), (restarted.Status, restarted.Phase, restarted.ItemsMoved));
        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Completed);
        await AssertEachMessageOnceAsync(host, User, before, probe);
        Assert.Equal((details.Summary.InventoryTotal, 0), (details.Summary.ItemsMoved, details.Summary.ItemsSkipped));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.AdminAction && h.Actor == MoveCenterHost.Actor
            && h.Message.StartsWith("Restart of the entire move requested while Suspended in Item request", StringComparison.Ordinal));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith("Preflight completed", StringComparison.Ordinal)
            && h.Message.Contains("already lives on DestPO", StringComparison.Ordinal));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith("Inventory completed", StringComparison.Ordinal)
            && h.Message.Contains("were at the target already", StringComparison.Ordinal));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.Contains("found already at the target", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Restarting_a_move_stalled_after_all_else_moved_sends_nothing_again_and_stalls_on_the_unreadable_item_again()
    {
        var settings = new HostSettings();
        var user = MoveCenterHost.LastUser(settings);
        var probe = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice);
        await using var host = await MoveCenterHost.StartAsync(_data, settings, probe.Install);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, user);
        var moveId = await host.QueueAsync(user);
        var stalled = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(stalled, MoveStatus.Stalled);
        var delivered = probe.Delivered;

        await host.Services.GetRequiredService<RestartMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, TestContext.Current.CancellationToken);

        var details = await host.WaitUntilSettledAsync(moveId);
        host.AssertStatus(details, MoveStatus.Stalled);
        Assert.Equal(stalled.Summary.WaitReason, details.Summary.WaitReason);
        Assert.Equal(delivered, probe.Delivered);
        Assert.Equal((stalled.Summary.InventoryTotal, stalled.Summary.ItemsMoved, 1),
            (details.Summary.InventoryTotal, details.Summary.ItemsMoved, details.Summary.ItemsRemaining));
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted
            && h.Message.Contains($"{stalled.Summary.ItemsMoved:N0} of them were at the target already", StringComparison.Ordinal));
        await AssertEachMessageOnceAsync(host, user, before, probe);
    }

    [Fact]
    public async Task A_restart_while_a_worker_still_holds_the_move_is_refused_and_changes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var moveId = await host.QueueAsync(User);
        await host.Services.GetRequiredService<SuspendMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, ct);
        // A worker that has not yet noticed the suspension and still records its last block.
        await using (var db = await host.DbAsync())
            await db.Moves.Where(m => m.Id == moveId).ExecuteUpdateAsync(s => s
                .SetProperty(m => EF.Property<string?>(m, MoveLease.Owner), "node-b:worker-1")
                .SetProperty(m => EF.Property<DateTime?>(m, MoveLease.ExpiresAt), DateTime.UtcNow.AddMinutes(1)), ct);
        var before = await host.DetailsAsync(moveId);

        var refused = await Assert.ThrowsAsync<RequestRejectedException>(() =>
            host.Services.GetRequiredService<RestartMoveHandler>().HandleAsync(moveId, MoveCenterHost.Actor, ct));

        Assert.Equal(RejectionKind.Conflict, refused.Kind);
        Assert.Contains("node-b:worker-1 is still finishing", refused.Message);
        var after = await host.DetailsAsync(moveId);
        Assert.Equal((MoveStatus.Suspended, before.History.Count), (after.Summary.Status, after.History.Count));
    }

    private static async Task AssertEachMessageOnceAsync(MoveCenterHost host, string user, MailboxSnapshot before, TargetDeliveryProbe probe)
    {
        var after = await MailboxSnapshot.TakeAsync(host.TargetRoot, user);
        before.AssertSameMail(after);
        var filesPerFolder = MailboxSnapshot.CountFilesOnDisk(host.Data.MailboxPath(DemoDirectorySeeder.TargetPostOffice, user));
        Assert.Equal(before.Messages.Count, filesPerFolder.Values.Sum());
        Assert.All(probe.DeliveriesByKey, d => Assert.True(d.Value == 1, $"{d.Key} was delivered {d.Value} times"));
        // Every message went through one append that returned, or was delivered by one cut off and then found at the target.
        var foundOnly = probe.FoundAtTarget.Except(probe.DeliveriesByKey.Keys).Count();
        Assert.Equal(before.Messages.Count, probe.DeliveriesByKey.Count + foundOnly);
    }

    public void Dispose() => _data.Dispose();
}
