using Microsoft.Extensions.Logging;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Renews a lease while a phase runs, and watches that the phase makes progress. If renewal fails, or the move records
/// no activity for the progress timeout (a worker that hangs while its heartbeat goes on), the phase's token is cancelled
/// and renewal stops: the phase ends, or, if it ignores the token, its lease runs out and the supervisor restarts the move.
/// </summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(MoveLeases leases, MoveLeaseGrant lease, Watch watch, TimeProvider clock, CancellationTokenSource onLost, ILogger logger)
    {
        _loop = RunAsync(leases, lease, watch, clock, onLost, logger);
    }

    /// <summary>How often to renew, how long a phase may go without recording activity, and how long a lease lasts unrenewed.</summary>
    public sealed record Watch(TimeSpan Interval, TimeSpan ProgressTimeout, TimeSpan LeaseDuration);

    public bool Lost { get; private set; }

    /// <summary>The phase recorded no activity for the progress timeout and was told to stop.</summary>
    public bool Hung { get; private set; }

    private async Task RunAsync(MoveLeases leases, MoveLeaseGrant lease, Watch watch, TimeProvider clock, CancellationTokenSource onLost, ILogger logger)
    {
        using var timer = new PeriodicTimer(watch.Interval, clock);
        var heldUntil = clock.GetUtcNow() + watch.LeaseDuration;
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                var renewed = await TryRenewAsync(leases, lease, logger);
                if (renewed == true) heldUntil = clock.GetUtcNow() + watch.LeaseDuration;
                // A worker that cannot reach the database stops while a beat of its lease is still left: once the lease runs
                // out another node may take the move over, and an append still under way here would send its messages twice.
                if (renewed == false || (renewed is null && heldUntil - clock.GetUtcNow() < watch.Interval * 2))
                {
                    Lost = true;
                    logger.LogWarning("Lease on move {MoveId} lost; stopping work on it", lease.MoveId);
                }
                else if (await IdleSinceAsync(leases, lease, logger) is { } since && clock.GetUtcNow().UtcDateTime - since > watch.ProgressTimeout)
                {
                    Hung = true;
                    logger.LogWarning("Move {MoveId} recorded no activity since {Since:u}, longer than {Timeout}; stopping its phase", lease.MoveId, since, watch.ProgressTimeout);
                }
                else
                {
                    continue;
                }
                await onLost.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>True when renewed, false when the database refused (the lease is lost), null when the database did not answer.</summary>
    private async Task<bool?> TryRenewAsync(MoveLeases leases, MoveLeaseGrant lease, ILogger logger)
    {
        try
        {
            return await leases.RenewAsync(lease, _stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not renew the lease on move {MoveId}; trying again", lease.MoveId);
            return null;
        }
    }

    private async Task<DateTime?> IdleSinceAsync(MoveLeases leases, MoveLeaseGrant lease, ILogger logger)
    {
        try
        {
            return await leases.LastActivityAsync(lease, _stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not read the last activity of move {MoveId}; looking again at the next beat", lease.MoveId);
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
