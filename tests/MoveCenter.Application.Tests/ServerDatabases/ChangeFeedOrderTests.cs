using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.ServerDatabases;

/// <summary>
/// The change feed with concurrent writers on PostgreSQL, where a change row's id is handed out at insert and becomes
/// visible at commit: the feed must not skip a row whose lower id commits after a higher one was read. (SQL Server's
/// default locking read waits for the open writer instead, so the situation does not arise there in this form.)
/// </summary>
public sealed class ChangeFeedOrderTests(PostgreSqlDatabase server) : IClassFixture<PostgreSqlDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_change_committed_after_a_later_change_was_read_is_still_told()
    {
        var listener = new CountingListener();
        using var data = new TestDataFolder(await server.CreateDatabaseAsync());
        await using var host = await MoveCenterHost.StartAsync(data, new HostSettings { Users = 2 },
            services => services.AddSingleton<IMoveChangeListener>(listener));
        // Planned for tomorrow, so the engine writes nothing to them: every change the test waits for is its own.
        var first = await QueueForTomorrowAsync(host, "UserA");
        var second = await QueueForTomorrowAsync(host, "UserB");
        await listener.WaitUntilToldAsync(first, times: 1);
        await listener.WaitUntilToldAsync(second, times: 1);

        await using var early = await host.DbAsync();
        await early.InTransactionAsync(async () =>
        {
            early.MoveChanges.Add(new MoveChange { MoveId = first, At = DateTime.UtcNow });
            await early.SaveChangesAsync(Ct);

            // A later id, committed and read by the feed while the earlier one is still uncommitted.
            await using (var late = await host.DbAsync())
            {
                late.MoveChanges.Add(new MoveChange { MoveId = second, At = DateTime.UtcNow });
                await late.SaveChangesAsync(Ct);
            }
            await listener.WaitUntilToldAsync(second, times: 2);
            return true;
        }, Ct);

        await listener.WaitUntilToldAsync(first, times: 2);
    }

    private static Task<Guid> QueueForTomorrowAsync(MoveCenterHost host, string user) =>
        host.Services.GetRequiredService<QueueMoveHandler>().HandleAsync(
            new QueueMoveRequest(user, DemoDirectorySeeder.TargetPostOffice, StartAt: DateTime.UtcNow.AddDays(1)), MoveCenterHost.Actor, Ct);

    private sealed class CountingListener : IMoveChangeListener
    {
        private readonly ConcurrentDictionary<Guid, int> _told = new();

        public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken)
        {
            _told.AddOrUpdate(move.Id, 1, (_, count) => count + 1);
            return Task.CompletedTask;
        }

        public Task WaitUntilToldAsync(Guid moveId, int times) =>
            Eventually.UntilAsync(() => Task.FromResult(_told.GetValueOrDefault(moveId)), count => count >= times,
                $"move {moveId} was told {times} times", MoveCenterHost.WaitLimit);
    }
}
