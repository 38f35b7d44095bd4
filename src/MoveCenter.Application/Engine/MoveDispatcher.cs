using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>Hands moves to the job engine: the job of the move's current phase, on the priority queue after a restart.</summary>
public sealed class MoveDispatcher(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IBackgroundJobClient jobs,
    JobEngineSettings jobEngine,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<MoveDispatcher> logger)
{
    /// <summary>False on a node that runs no jobs and keeps its job storage in its own memory: nothing would run what it enqueued.</summary>
    public bool CanEnqueue => jobEngine.CanEnqueue;

    /// <summary>Claims the move for dispatch, so that no other node queues it too, and enqueues its phase job.</summary>
    public async Task<bool> TryDispatchAsync(Guid moveId, CancellationToken cancellationToken)
    {
        if (!CanEnqueue) return false;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var stale = now - options.Value.DispatchTimeout;
        // A move pinned to another site is left for that site's nodes, whose supervisors find it due.
        var claimed = await db.Moves.WorkableAt(db, options.Value.Site)
            .Where(m => m.Id == moveId
                && (EF.Property<DateTime?>(m, MoveLease.DispatchedAt) == null || EF.Property<DateTime?>(m, MoveLease.DispatchedAt) < stale))
            .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt), now), cancellationToken);
        if (claimed == 0) return false;

        var move = await db.Moves.AsNoTracking().Where(m => m.Id == moveId)
            .Select(m => new { m.Phase, m.Status, m.RestartWithPriority, m.SourcePostOfficeId, m.TargetPostOfficeId })
            .SingleAsync(cancellationToken);
        if (!move.Status.IsActive()) return false;
        var site = await db.PinnedSiteAsync(move.SourcePostOfficeId, move.TargetPostOfficeId, cancellationToken);
        Enqueue(moveId, move.Phase, JobQueues.For(site, move.RestartWithPriority));
        return true;
    }

    /// <summary>A dispatched job that could not start: the move may be handed out again at once.</summary>
    public async Task ForgetDispatchAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.Moves.Where(m => m.Id == moveId)
            .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt), (DateTime?)null), cancellationToken);
    }

    /// <summary>
    /// A job this node took for a move pinned to another site: one whose queue name that site shares with this node's
    /// (see JobQueues.For), or one enqueued before its post office was pinned. The dispatch mark is cleared,
    /// so that a node of that site hands the move out again at its next supervisor pass, not after the dispatch timeout.
    /// </summary>
    /// <returns>Whether the move is pinned to another site.</returns>
    public async Task<bool> HandBackIfPinnedElsewhereAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            if (await db.Moves.WorkableAt(db, options.Value.Site).AnyAsync(m => m.Id == moveId, cancellationToken)) return false;
        await ForgetDispatchAsync(moveId, cancellationToken);
        return true;
    }

    /// <summary>Enqueues the job of a phase; the caller has already recorded the hand-over in the database.</summary>
    public void Enqueue(Guid moveId, MovePhase phase, string queue)
    {
        if (PhaseJobs.TypeOf(phase) is not { } type) return;
        // Hangfire hands the job its own cancellation token in place of the one given here.
        var run = type.GetMethod(nameof(PreflightJob.RunAsync), [typeof(Guid), typeof(CancellationToken)])!;
        var jobId = jobs.Create(new Job(type, run, [moveId, CancellationToken.None], queue), new EnqueuedState(queue));
        logger.LogDebug("Move {MoveId} dispatched for {Phase} as job {JobId} on queue {Queue}", moveId, phase, jobId, queue);
    }
}
