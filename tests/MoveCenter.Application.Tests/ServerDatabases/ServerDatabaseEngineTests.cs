using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Tests.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.ServerDatabases;

/// <summary>
/// The engine on a server database, written once and run on each: migrations from empty, a whole move, a crash and
/// resume, move slots shared by two hosts (and their shared job storage), cleanups, bulk inserts, the change feed and
/// the insert-only audit trail. Most bodies are the SQLite tests' own, run on a data folder that names the server.
/// </summary>
public abstract class ServerDatabaseEngineTests(IServerDatabase server) : IDisposable
{
    private TestDataFolder? _data;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_migrations_apply_to_an_empty_database_and_a_moves_state_and_bulk_inserted_rows_round_trip() =>
        await MovePersistenceTests.AssertMoveRoundTripsAsync(await server.CreateDatabaseAsync());

    [Fact]
    public async Task A_move_carries_every_message_folder_and_subscription_to_the_target_then_purges_the_source() =>
        await MoveEndToEndTests.MoveEverythingAsync(await DataAsync());

    [Fact]
    public async Task A_worker_that_dies_after_the_target_accepted_a_block_is_resumed_without_sending_that_block_again() =>
        await MoveRestartTests.ResumeAfterWorkerDiedAsync(await DataAsync());

    [Fact]
    public async Task Two_hosts_sharing_the_database_and_its_job_storage_never_run_more_moves_than_the_post_office_has_slots() =>
        await MoveSlotTests.TwoHostsShareSlotsAsync(await DataAsync());

    [Fact]
    public async Task The_project_view_counts_bytes_on_the_day_and_hour_they_were_moved()
    {
        await using var seeded = await SeededDatabase.CreateAsync(await server.CreateDatabaseAsync());
        await Dashboard.ProjectOverviewQueryTests.BytesCountedWhenMovedAsync(seeded);
    }

    /// <summary>
    /// The job storage is the server database, shared by every node: a phase job queued by a node that runs no job
    /// server is taken by another node. The long dispatch timeout keeps the other node from handing the move out again
    /// itself, so only the shared storage can bring the job to it.
    /// </summary>
    [Fact]
    public async Task A_job_queued_by_a_node_without_a_job_server_is_run_by_another_node_from_the_shared_job_storage()
    {
        var data = await DataAsync();
        await using var queuing = await MoveCenterHost.StartAsync(data, new HostSettings { NodeId = "node-queuing" }, startEngine: false);
        var moveId = await queuing.QueueAsync("UserA");

        await using var working = await MoveCenterHost.StartAsync(data, new HostSettings
        {
            NodeId = "node-working",
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:DispatchTimeout"] = "01:00:00" },
        });
        var details = await working.WaitUntilSettledAsync(moveId);

        working.AssertStatus(details, MoveStatus.Completed);
        Assert.DoesNotContain(details.History, h => h.Kind == MoveEventKind.AutomaticRestart);
    }

    [Fact]
    public async Task A_purge_refused_by_the_source_is_kept_as_pending_cleanup_and_done_once_the_cause_is_removed() =>
        await PendingCleanupTests.RefusedPurgeRetriedAsync(await DataAsync());

    [Fact]
    public async Task The_change_feed_tells_every_listener_whatever_another_listener_does() =>
        await MoveChangeFeedTests.ListenersIsolatedAsync(await DataAsync());

    [Fact]
    public async Task Two_nodes_record_and_send_each_notification_once() =>
        await NotificationDeliveryTests.TwoNodesSendOnceAsync(await DataAsync());

    [Fact]
    public async Task The_database_refuses_to_change_or_delete_an_audit_entry()
    {
        await using var host = await MoveCenterHost.StartAsync(await DataAsync(), startEngine: false);
        await using (var db = await host.DbAsync())
        {
            db.AuditEntries.Add(new AuditEntry { At = DateTime.UtcNow, Actor = "admin", Action = "test", Target = "immutable" });
            await db.SaveChangesAsync(Ct);
        }

        await using (var db = await host.DbAsync())
        {
            var entry = await db.AuditEntries.SingleAsync(e => e.Target == "immutable", Ct);
            db.Entry(entry).Property(e => e.Actor).CurrentValue = "someone-else";
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            db.ChangeTracker.Clear();
            db.AuditEntries.Remove(entry);
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync(Ct));
            db.ChangeTracker.Clear();
            await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteDeleteAsync(Ct));
            await Assert.ThrowsAnyAsync<Exception>(() => db.AuditEntries.ExecuteUpdateAsync(set => set.SetProperty(e => e.Details, "rewritten"), Ct));
        }

        await using (var db = await host.DbAsync())
            Assert.Equal("admin", (await db.AuditEntries.SingleAsync(e => e.Target == "immutable", Ct)).Actor);
    }

    /// <summary>
    /// The retrying execution strategy is on, as in production: a transaction opened outside it is refused, so every
    /// transaction the engine opens (which the move tests above run through) must be, and is, inside it.
    /// </summary>
    [Fact]
    public async Task A_transaction_opened_outside_the_execution_strategy_is_refused_and_one_inside_it_commits()
    {
        await using var host = await MoveCenterHost.StartAsync(await DataAsync(), startEngine: false);
        await using (var db = await host.DbAsync())
        {
            await using var outside = await db.Database.BeginTransactionAsync(Ct);
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => db.PostOffices.CountAsync(Ct));
            Assert.Contains("does not support user-initiated transactions", refused.Message, StringComparison.Ordinal);
        }

        await using (var db = await host.DbAsync())
        {
            var count = await db.InTransactionAsync(() => db.PostOffices.CountAsync(Ct), Ct);
            Assert.Equal(2, count);
        }
    }

    /// <summary>A data folder for the post offices whose database is a fresh one on the server.</summary>
    private async Task<TestDataFolder> DataAsync() => _data = new TestDataFolder(await server.CreateDatabaseAsync());

    public void Dispose() => _data?.Dispose();
}

/// <summary>The server-database suite on a real PostgreSQL, started here for the test class.</summary>
public sealed class PostgreSqlEngineTests(PostgreSqlDatabase server) : ServerDatabaseEngineTests(server), IClassFixture<PostgreSqlDatabase>;

/// <summary>The server-database suite on SQL Server in a container; skipped, saying why, where no Docker engine answers.</summary>
public sealed class SqlServerEngineTests(SqlServerDatabase server) : ServerDatabaseEngineTests(server), IClassFixture<SqlServerDatabase>;
