using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>Invariant 2, nothing doubled: a move resumed after a stop or a crash leaves each source message at the target once.</summary>
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
        await AssertEachMessageOnceAsync(second, before, probe);
    }

    [Fact]
    public async Task A_worker_that_dies_after_the_target_accepted_a_block_is_resumed_and_finds_that_block_instead_of_sending_it_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new TargetDeliveryProbe(DemoDirectorySeeder.TargetPostOffice) { Fault = ProbeFault.DieAfterDelivery, FaultAfter = DeliveredBeforeFault };
        Guid moveId;
        MailboxSnapshot before;
        await using (var first = await MoveCenterHost.StartAsync(_data, decorate: probe.Install))
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
        await using var second = await MoveCenterHost.StartAsync(_data, decorate: probe.Install);
        var details = await second.WaitUntilSettledAsync(moveId);

        second.AssertStatus(details, MoveStatus.Completed);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.Contains("found already at the target", StringComparison.Ordinal));
        await AssertEachMessageOnceAsync(second, before, probe);
    }

    private async Task AssertEachMessageOnceAsync(MoveCenterHost host, MailboxSnapshot before, TargetDeliveryProbe probe)
    {
        var after = await MailboxSnapshot.TakeAsync(host.TargetRoot, User);
        before.AssertSameMail(after);
        var filesPerFolder = MailboxSnapshot.CountFilesOnDisk(_data.MailboxPath(DemoDirectorySeeder.TargetPostOffice, User));
        Assert.Equal(before.Messages.Count, filesPerFolder.Values.Sum());
        Assert.All(probe.DeliveriesByKey, d => Assert.True(d.Value == 1, $"{d.Key} was delivered {d.Value} times"));
        Assert.Equal(before.Messages.Count, probe.DeliveriesByKey.Count);
    }

    public void Dispose() => _data.Dispose();
}
