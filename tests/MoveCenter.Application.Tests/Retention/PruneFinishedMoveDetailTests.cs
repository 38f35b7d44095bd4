using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Retention;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Retention;

/// <summary>Progress samples and log lines of finished moves are pruned after their age; history and audit are kept for ever.</summary>
public sealed class PruneFinishedMoveDetailTests : IDisposable
{
    private static readonly TimeSpan PastRetention = TimeSpan.FromDays(31);
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task Old_samples_and_log_lines_of_finished_moves_are_deleted_while_recent_ones_those_of_unfinished_moves_and_all_history_stay()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var engine = await FakeClockEngine.StartAsync(_data);
        var finished = await engine.QueueAsync("UserA");
        var waiting = await engine.QueueAsync("UserB");
        await engine.Host.Services.GetRequiredService<CancelMoveHandler>().HandleAsync(finished, MoveCenterHost.Actor, ct);
        var old = engine.Now;
        await AddDetailAsync(engine.Host, old, finished, waiting);
        engine.Clock.Advance(PastRetention);
        var recent = engine.Now;
        await AddDetailAsync(engine.Host, recent, finished, waiting);
        var (historyBefore, auditBefore) = await CountHistoryAndAuditAsync(engine.Host);

        var pruned = await engine.Host.Services.GetRequiredService<PruneFinishedMoveDetailJob>().RunAsync(ct);

        Assert.Equal(new PrunedMoveDetail(ProgressSamples: 1, LogLines: 1), pruned);
        await using var db = await engine.Host.DbAsync();
        Assert.Equal([(finished, recent), (waiting, old), (waiting, recent)],
            (await db.MoveProgressSamples.Select(s => new { s.MoveId, s.At }).ToListAsync(ct)).Select(s => (s.MoveId, s.At)).Order(new ByMoveThenTime(finished)));
        Assert.Equal([(finished, recent), (waiting, old), (waiting, recent)],
            (await db.MoveLogEntries.Select(l => new { l.MoveId, l.At }).ToListAsync(ct)).Select(l => (l.MoveId, l.At)).Order(new ByMoveThenTime(finished)));
        Assert.Equal((historyBefore, auditBefore), await CountHistoryAndAuditAsync(engine.Host));
        Assert.Equal(new PrunedMoveDetail(0, 0), await engine.Host.Services.GetRequiredService<PruneFinishedMoveDetailJob>().RunAsync(ct));
    }

    [Fact]
    public async Task The_pruning_job_is_registered_as_a_recurring_job_when_the_engine_starts()
    {
        await using var host = await MoveCenterHost.StartAsync(_data, new HostSettings { Users = 1, MessagesPerUser = 1 });

        using var connection = host.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = Assert.Single(connection.GetRecurringJobs(), j => j.Id == PruneFinishedMoveDetailJob.RecurringJobId);
        Assert.Equal(typeof(PruneFinishedMoveDetailJob), job.Job.Type);
    }

    private static async Task AddDetailAsync(MoveCenterHost host, DateTime at, params Guid[] moveIds)
    {
        await using var db = await host.DbAsync();
        foreach (var moveId in moveIds)
        {
            db.MoveProgressSamples.Add(new MoveProgressSample(moveId, at, 1, 100));
            db.MoveLogEntries.Add(new MoveLogEntry { MoveId = moveId, At = at, Level = "Information", Message = "a line" });
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    private static async Task<(int History, int Audit)> CountHistoryAndAuditAsync(MoveCenterHost host)
    {
        await using var db = await host.DbAsync();
        var ct = TestContext.Current.CancellationToken;
        var history = await db.MoveEvents.CountAsync(ct);
        Assert.True(history > 0, "the moves should have history");
        return (history, await db.AuditEntries.CountAsync(ct));
    }

    /// <summary>The finished move first, then by time, so the expected rows read in a fixed order.</summary>
    private sealed class ByMoveThenTime(Guid first) : IComparer<(Guid MoveId, DateTime At)>
    {
        public int Compare((Guid MoveId, DateTime At) x, (Guid MoveId, DateTime At) y) =>
            x.MoveId != y.MoveId ? (x.MoveId == first ? -1 : 1) : x.At.CompareTo(y.At);
    }

    public void Dispose() => _data.Dispose();
}
