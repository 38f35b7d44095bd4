using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// Who gets a free move slot is decided once, oldest waiting move first, whatever else runs at that moment: a
/// supervisor pass, or the job of a younger move. The real phase runner, supervisor and SQLite database under a fake
/// clock; the test runs each job and pass itself, at the moments where they used to race.
/// </summary>
public sealed class SlotOrderTests : FakeClockEngineTests
{
    protected override HostSettings Adjust(HostSettings settings) => settings with { Users = 3 };

    [Fact]
    public async Task A_slot_handed_to_the_oldest_waiting_move_stays_its_own_while_its_worker_starts_even_when_a_supervisor_pass_comes_between()
    {
        await Engine.SetMoveSlotsAsync(FakeClockEngine.Target, 1);
        var holder = await QueueAndTryAsync("UserA");
        var oldest = await QueueAndTryAsync("UserB");
        var younger = await QueueAndTryAsync("UserC");
        await AssertWaitingAsync(oldest);
        await AssertWaitingAsync(younger);

        // The holder stalls, so its worker gives the slot up.
        await Engine.RunAsync(holder, ScriptedPhase.Throwing(MovePhase.AdminRename, () => new MoveStallException("Item 17 could not be moved.")));
        // The oldest move's worker has taken the move and not yet its slot when a supervisor pass runs.
        var oldestsWorker = await Engine.Leases.TryAcquireAsync(oldest, Ct);
        Assert.NotNull(oldestsWorker);
        await Engine.Supervisor.SuperviseOnceAsync(Ct);

        await Engine.RunJobAsync<PreflightJob>(younger);
        await AssertWaitingAsync(younger);
        await Engine.Leases.ReleaseAsync(oldestsWorker, Ct);
        await Engine.RunJobAsync<PreflightJob>(oldest);
        Assert.Equal(MoveStatus.Running, (await Engine.MoveAsync(oldest)).Status);
    }

    [Fact]
    public async Task A_move_queued_after_another_began_to_wait_does_not_take_the_slot_that_frees_for_it()
    {
        await Engine.SetMoveSlotsAsync(FakeClockEngine.Target, 1);
        await QueueAndTryAsync("UserA");
        var waiting = await QueueAndTryAsync("UserB");
        await AssertWaitingAsync(waiting);

        // An admin gives the post office a second slot; before any supervisor pass, a new move's job asks for it.
        await Engine.SetMoveSlotsAsync(FakeClockEngine.Target, 2);
        var later = await QueueAndTryAsync("UserC");

        await AssertWaitingAsync(later);
        await Engine.RunJobAsync<PreflightJob>(waiting);
        Assert.Equal(MoveStatus.Running, (await Engine.MoveAsync(waiting)).Status);
    }

    [Fact]
    public async Task A_freed_slot_goes_to_the_waiting_move_of_higher_priority_before_an_older_one()
    {
        await Engine.SetMoveSlotsAsync(FakeClockEngine.Target, 1);
        var holder = await QueueAndTryAsync("UserA");
        var older = await QueueAndTryAsync("UserB");
        var urgent = await QueueAndTryAsync("UserC", priority: 5);
        await AssertWaitingAsync(older);
        await AssertWaitingAsync(urgent);

        await Engine.RunAsync(holder, ScriptedPhase.Throwing(MovePhase.AdminRename, () => new MoveStallException("Item 17 could not be moved.")));

        await Engine.RunJobAsync<PreflightJob>(older);
        await AssertWaitingAsync(older);
        await Engine.RunJobAsync<PreflightJob>(urgent);
        Assert.Equal(MoveStatus.Running, (await Engine.MoveAsync(urgent)).Status);
    }

    /// <summary>Queues a move a second after the one before, so each has its own age, and runs its first job as a worker would.</summary>
    private async Task<Guid> QueueAndTryAsync(string user, int priority = 0)
    {
        Engine.Clock.Advance(TimeSpan.FromSeconds(1));
        var moveId = await Engine.Host.Services.GetRequiredService<QueueMoveHandler>().HandleAsync(
            new QueueMoveRequest(user, FakeClockEngine.Target, Priority: priority), MoveCenterHost.Actor, Ct);
        await Engine.RunJobAsync<PreflightJob>(moveId);
        return moveId;
    }

    private async Task AssertWaitingAsync(Guid moveId)
    {
        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, RetryCause.MoveSlot), (move.Status, move.RetryCause));
    }
}
