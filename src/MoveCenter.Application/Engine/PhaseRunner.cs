using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Moves;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Runs the phases of one move: takes the lease, keeps it alive, runs the phase, and turns every way a phase can
/// end into the move's next state. Every phase job goes through here, so this bookkeeping exists once. A move that
/// goes on to its next phase goes on in the same job under the same lease (<see cref="EngineOptions.PhasesInOneJob"/>),
/// which spares a small move most of its fixed cost: no hand-over through the job engine, no new lease, and no slot
/// decision between its phases.
/// </summary>
public sealed class PhaseRunner(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    MoveLeases leases,
    SlotWaiters slotWaiters,
    RestartTriggers restartTriggers,
    MoveDispatcher dispatcher,
    PhaseJobs phaseJobs,
    WaitingJobs waitingJobs,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<PhaseRunner> logger)
{
    private readonly EngineOptions _options = options.Value;

    public async Task RunAsync(Guid moveId, IMovePhase phase, CancellationToken shutdown)
    {
        using var moveScope = logger.BeginScope(new Dictionary<string, object> { ["MoveId"] = moveId });
        var lease = await TryAcquireAsync(moveId, phase.Phase, shutdown);
        if (lease is null) return;
        while (await BeginOrLetGoAsync(lease, phase.Phase, shutdown) is { } context)
        {
            var next = await RunPhaseAsync(lease, context, phase, shutdown);
            if (next is null || phaseJobs.For(next.Value) is not { } nextPhase) return;
            phase = nextPhase;
        }
    }

    /// <returns>The phase to go on with under the same lease, or null when the move was handed on or let go.</returns>
    private async Task<MovePhase?> RunPhaseAsync(MoveLeaseGrant lease, PhaseContext context, IMovePhase phase, CancellationToken shutdown)
    {
        using var phaseScope = logger.BeginScope(new Dictionary<string, object> { ["Phase"] = phase.Phase.ToString(), ["UserId"] = context.UserId });
        logger.LogInformation("Phase {Phase} of move {MoveId} for {UserId} started", phase.Phase, lease.MoveId, context.UserId);

        using var working = CancellationTokenSource.CreateLinkedTokenSource(shutdown);
        var heartbeat = new LeaseHeartbeat(leases, lease, Watch, clock, working, logger);
        string? summary = null;
        Action<Move, DateTime>? outcome;
        try
        {
            summary = await phase.ExecuteAsync(context, working.Token);
            outcome = null;
        }
        catch (Exception) when (heartbeat.Hung)
        {
            // Whatever the phase threw once its token was cancelled, the cause is that it stopped making progress.
            var timeout = MovePlainWords.Duration(_options.ProgressTimeout);
            outcome = (move, now) => move.RestartAutomatically(
                $"{phase.Phase.DisplayName()} made no progress for {timeout} although its worker was alive; the worker was stopped",
                _options.Retry.MaxAutomaticRestarts, now);
        }
        catch (Exception ex) when (ex is LeaseLostException || (ex is OperationCanceledException && heartbeat.Lost))
        {
            // Usually another worker owns the move now, or an admin changed it; then finishing below changes nothing.
            // If the move is still ours and still running, the phase broke off abnormally and is restarted.
            logger.LogWarning("Phase {Phase} of move {MoveId} lost track of the move", phase.Phase, lease.MoveId);
            outcome = (move, now) => move.RestartAutomatically(
                $"{phase.Phase.DisplayName()} broke off: the move changed under the worker", _options.Retry.MaxAutomaticRestarts, now);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
            logger.LogInformation("Node {NodeId} is stopping; move {MoveId} goes back to the queue", _options.NodeId, lease.MoveId);
            outcome = (move, now) => move.Interrupt($"node {_options.NodeId} stopped", now);
        }
        catch (Exception ex)
        {
            outcome = Classify(ex, phase.Phase, context);
        }
        await heartbeat.DisposeAsync();

        return await FinishAsync(lease, phase.Phase, summary, outcome, mayGoOn: _options.PhasesInOneJob && !shutdown.IsCancellationRequested);
    }

    /// <summary>Renewal often enough for the lease, and for the watchdog to notice a hang soon after the timeout.</summary>
    private LeaseHeartbeat.Watch Watch => new(
        TimeSpan.FromTicks(Math.Min(_options.LeaseDuration.Ticks, _options.ProgressTimeout.Ticks) / 3), _options.ProgressTimeout, _options.LeaseDuration);

    private async Task<MoveLeaseGrant?> TryAcquireAsync(Guid moveId, MovePhase phase, CancellationToken shutdown)
    {
        try
        {
            if (await leases.TryAcquireAsync(moveId, shutdown) is { } lease) return lease;
            if (await dispatcher.HandBackIfPinnedElsewhereAsync(moveId, shutdown))
                logger.LogInformation("Move {MoveId} is pinned to another site; its {Phase} job is handed back to that site's nodes", moveId, phase);
            else
                logger.LogDebug("Move {MoveId} is held by another worker; {Phase} job ends", moveId, phase);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !shutdown.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not start {Phase} of move {MoveId}; the supervisor hands it out again", phase, moveId);
            await dispatcher.ForgetDispatchAsync(moveId, CancellationToken.None);
        }
        return null;
    }

    /// <summary>
    /// Begins the phase under the lease, or lets go of the move when it is not to work now. A failure here (the
    /// database was unavailable) leaves nothing half done: the lease is released and the dispatch mark cleared, so the
    /// supervisor hands the move out again at its next pass.
    /// </summary>
    private async Task<PhaseContext?> BeginOrLetGoAsync(MoveLeaseGrant lease, MovePhase phase, CancellationToken shutdown)
    {
        try
        {
            var context = await BeginAsync(lease, phase, shutdown);
            if (context is null) await ReleaseAsync(lease);
            return context;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !shutdown.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not start {Phase} of move {MoveId}; the supervisor hands it out again", phase, lease.MoveId);
            await ReleaseAsync(lease);
            await dispatcher.ForgetDispatchAsync(lease.MoveId, CancellationToken.None);
            return null;
        }
    }

    /// <summary>
    /// Gives up the lease and, unless the move goes on to its next phase, its move slots, which go at once to the moves
    /// waiting for them.
    /// </summary>
    private async Task ReleaseAsync(MoveLeaseGrant lease)
    {
        await leases.ReleaseAsync(lease, CancellationToken.None);
        await slotWaiters.ReleaseAsync(lease.MoveId, CancellationToken.None);
    }

    private async Task<PhaseContext?> BeginAsync(MoveLeaseGrant lease, MovePhase phase, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.LoadLeasedAsync(lease, cancellationToken);
        if (move.Phase != phase || !move.Status.IsActive() || move.NotBefore > Now)
        {
            logger.LogDebug("Move {MoveId} is {Status} in {MovePhase}; the {Phase} job has nothing to do", move.Id, move.Status, move.Phase, phase);
            return null;
        }
        var postOffices = await db.PostOffices.AsNoTracking()
            .Where(p => p.Id == move.SourcePostOfficeId || p.Id == move.TargetPostOfficeId)
            .ToDictionaryAsync(p => p.Id, cancellationToken);
        var (source, target) = (postOffices[move.SourcePostOfficeId], postOffices[move.TargetPostOfficeId]);
        var batch = move.BatchId is { } batchId ? await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == batchId, cancellationToken) : null;
        db.SetDispatchedAt(move, null);
        if (new MoveWindows(source, target, batch).ClosedAt(clock.GetUtcNow()) is { } closed)
        {
            logger.LogInformation("Move {MoveId} waits: {Reason}", move.Id, closed.Reason);
            move.WaitForWindow(closed.Reason, closed.OpensAt, Now);
            await db.SaveFencedAsync(lease, cancellationToken);
            return null;
        }
        if (await slotWaiters.TryClaimAsync(move.Id, source, target, cancellationToken) is { } full)
        {
            logger.LogInformation("Move {MoveId} waits: {Reason}", move.Id, full);
            move.WaitForMoveSlot(full, Now);
            await db.SaveFencedAsync(lease, cancellationToken);
            return null;
        }
        move.BeginWork(Now);
        await db.SaveFencedAsync(lease, cancellationToken);
        return new PhaseContext(move.Id, move.UserId, source, target, move.Options, lease, batch);
    }

    private Action<Move, DateTime> Classify(Exception ex, MovePhase phase, PhaseContext context)
    {
        if (RestartReason(ex, phase) is { } restart)
        {
            logger.LogWarning(ex, "Phase {Phase} restarts automatically: {Reason}", phase, restart);
            return (move, now) => move.RestartAutomatically(restart, _options.Retry.MaxAutomaticRestarts, now);
        }
        switch (ex)
        {
            case MoveWindowClosedException window:
                logger.LogInformation("Phase {Phase} stopped at the end of a move window: {Reason}", phase, window.Message);
                return (move, now) => move.WaitForWindow(window.Closed.Reason, window.Closed.OpensAt, now);
            case PostOfficeUnavailableException unavailable:
                var reason = NotAnswering(unavailable, context);
                logger.LogWarning("Post office unavailable during {Phase}: {Reason}", phase, reason);
                return (move, now) => move.Defer(
                    _options.Retry.Decide(RetryCause.NoServer, move.RetryCause, move.RetryAttempt, now), reason, now);
            case PreflightFailedException preflight:
                logger.LogWarning("Preflight refused the move: {Reason}", preflight.Message);
                return (move, now) => move.Fail($"Preflight: {preflight.Message}", now);
            case MailboxAccessException access when phase == MovePhase.Preflight:
                logger.LogWarning("Preflight could not open a mailbox: {Reason}", access.Message);
                return (move, now) => move.Fail($"Preflight: {access.Message}", now);
            case MailboxAccessException access:
                logger.LogWarning("Mailbox refused during {Phase}: {Reason}", phase, access.Message);
                return (move, now) => move.Stall(
                    $"{context.UserId}'s mailbox was refused during {phase.DisplayName()}: {access.Message}. Fix the cause, then Retry.", _options.Retry, now);
            case ApprovalRequiredException approval:
                logger.LogInformation("Move waits for approval before its purge: {Reason}", approval.Message);
                return (move, now) =>
                {
                    move.GradeBeforePurge(approval.Grade, approval.LeftBehind, now);
                    move.AwaitApproval(approval.LeftBehind.Items, approval.Message, now);
                };
            case MoveStallException stall:
                logger.LogWarning("Move stalled in {Phase}: {Reason}", phase, stall.Message);
                return (move, now) => move.Stall(stall.Message, _options.Retry, now);
            default:
                logger.LogError(ex, "Phase {Phase} terminated abnormally", phase);
                return (move, now) => move.RestartAutomatically($"{ex.GetType().Name}: {ex.Message}", _options.Retry.MaxAutomaticRestarts, now);
        }
    }

    /// <summary>
    /// A post office or mailbox failure that would defer or stall the move restarts it at once when it is one of the
    /// configured errors (RestartOnErrors), and so does a phase that asked for it because an item met such an error.
    /// Items held past the bad item limit are not matched here: a restart would find them failed again.
    /// </summary>
    private string? RestartReason(Exception ex, MovePhase phase) => ex switch
    {
        RestartRequestedException requested => requested.Message,
        PostOfficeUnavailableException or MailboxAccessException when phase != MovePhase.Preflight
            && restartTriggers.Match(ex) is { } trigger => $"{trigger} is an error that restarts the move: {ex.Message}",
        _ => null,
    };

    /// <summary>Says which side's post office did not answer, when the store named it, then the connector's own words.</summary>
    private static string NotAnswering(PostOfficeUnavailableException unavailable, PhaseContext context) =>
        PostOfficeTaggedStore.PostOfficeOf(unavailable) is { } name
            ? $"{(name == context.Target.Name ? "target" : "source")} post office {name} did not answer ({unavailable.Message})"
            : unavailable.Message;

    /// <summary>
    /// Records how the phase ended. A move that goes on keeps its lease when it may go on here, at this node's site,
    /// and no other job waits for a worker (<see cref="WaitingJobs"/>); otherwise the lease is released and, if the
    /// move goes on, it is handed to its next job.
    /// </summary>
    /// <returns>The phase this worker goes on with, or null.</returns>
    private async Task<MovePhase?> FinishAsync(MoveLeaseGrant lease, MovePhase phase, string? summary, Action<Move, DateTime>? outcome, bool mayGoOn)
    {
        MoveStatus status;
        MovePhase next;
        string? site;
        var goesOnHere = false;
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            var move = await db.LoadLeasedAsync(lease, CancellationToken.None);
            if (move.Status != MoveStatus.Running) return null;
            // A phase whose last write must not be separated from its completion has completed itself in that write.
            if (outcome is not null) outcome(move, Now);
            else if (move.Phase == phase) move.CompletePhase(Now, summary ?? "");
            site = await db.PinnedSiteAsync(move.SourcePostOfficeId, move.TargetPostOfficeId, CancellationToken.None);
            var goesOn = move.Status == MoveStatus.Running;
            var keepsLease = goesOn && mayGoOn && (site is null || site == _options.Site) && PhaseJobs.TypeOf(move.Phase) is not null
                             && !waitingJobs.Any();
            db.SetDispatchedAt(move, goesOn && !keepsLease ? Now : null);
            if (!goesOn) db.ReleaseLease(move);
            await db.SaveFencedAsync(lease, CancellationToken.None);
            (status, next) = (move.Status, move.Phase);
            goesOnHere = keepsLease;
        }
        catch (LeaseLostException)
        {
            logger.LogWarning("Move {MoveId} changed while {Phase} ended; its new owner decides what follows", lease.MoveId, phase);
            return null;
        }
        finally
        {
            if (!goesOnHere) await ReleaseAsync(lease);
        }

        logger.LogInformation("Phase {Phase} of move {MoveId} ended; the move is {Status} in {NextPhase}", phase, lease.MoveId, status, next);
        if (goesOnHere) return next;
        if (status == MoveStatus.Running) dispatcher.Enqueue(lease.MoveId, next, JobQueues.For(site, priority: false));
        else if (status == MoveStatus.Queued) await dispatcher.TryDispatchAsync(lease.MoveId, CancellationToken.None);
        return null;
    }

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
