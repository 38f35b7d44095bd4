using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Audit;

/// <summary>The audit entries of move actions, written by <see cref="MoveActionRunner"/> in the save that carries the change.</summary>
public sealed class MoveActionAuditTests : IDisposable
{
    private readonly TestDataFolder _data = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_action_applied_again_after_a_worker_saved_in_between_is_recorded_once()
    {
        await using var host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var moveId = await QueueLaterAsync(host);
        var attempts = 0;

        await host.Services.GetRequiredService<MoveActionRunner>().RunAsync(moveId, AuditActions.MoveSuspend, MoveCenterHost.Actor, async (_, move, now) =>
        {
            if (attempts++ == 0)
            {
                await using var worker = await host.DbAsync();
                (await worker.Moves.SingleAsync(m => m.Id == moveId, Ct)).Note(now, MoveEventKind.Note, "a worker's progress");
                await worker.SaveChangesAsync(Ct);
            }
            move.Suspend(MoveCenterHost.Actor, now);
        }, Ct);

        Assert.Equal(2, attempts);
        await using var db = await host.DbAsync();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.MoveSuspend, Ct);
        Assert.Equal(MoveCenterHost.Actor, entry.Actor);
        Assert.Equal(AuditActions.MoveTarget(DemoDirectorySeeder.UserName(0), moveId), entry.Target);
        Assert.Equal("Queued -> Suspended", entry.Details);
    }

    [Fact]
    public async Task An_action_the_move_refuses_records_nothing_and_a_queued_move_records_its_queueing()
    {
        await using var host = await MoveCenterHost.StartAsync(_data, startEngine: false);
        var moveId = await QueueLaterAsync(host);

        await Assert.ThrowsAsync<RequestRejectedException>(() => host.Services.GetRequiredService<MoveActionRunner>()
            .RunAsync(moveId, AuditActions.MoveResume, MoveCenterHost.Actor, (_, move, now) => { move.Resume(MoveCenterHost.Actor, now); return Task.CompletedTask; }, Ct));

        await using var db = await host.DbAsync();
        var entry = Assert.Single(await db.AuditEntries.ToListAsync(Ct));
        Assert.Equal(AuditActions.MoveQueue, entry.Action);
        Assert.Contains(DemoDirectorySeeder.TargetPostOffice, entry.Details);
    }

    private static Task<Guid> QueueLaterAsync(MoveCenterHost host) =>
        host.Services.GetRequiredService<QueueMoveHandler>().HandleAsync(
            new QueueMoveRequest(DemoDirectorySeeder.UserName(0), DemoDirectorySeeder.TargetPostOffice, DateTime.UtcNow.AddDays(30)), MoveCenterHost.Actor, Ct);

    public void Dispose() => _data.Dispose();
}
