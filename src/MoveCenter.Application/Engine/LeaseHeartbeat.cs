using Microsoft.Extensions.Logging;

namespace MoveCenter.Application.Engine;

/// <summary>Renews a lease while a phase runs; if renewal fails the phase's token is cancelled so it stops writing.</summary>
public sealed class LeaseHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public LeaseHeartbeat(MoveLeases leases, MoveLeaseGrant lease, TimeSpan interval, TimeProvider clock, CancellationTokenSource onLost, ILogger logger)
    {
        _loop = RunAsync(leases, lease, interval, clock, onLost, logger);
    }

    public bool Lost { get; private set; }

    private async Task RunAsync(MoveLeases leases, MoveLeaseGrant lease, TimeSpan interval, TimeProvider clock, CancellationTokenSource onLost, ILogger logger)
    {
        using var timer = new PeriodicTimer(interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                if (await TryRenewAsync(leases, lease, logger)) continue;
                Lost = true;
                logger.LogWarning("Lease on move {MoveId} lost; stopping work on it", lease.MoveId);
                await onLost.CancelAsync();
                return;
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>A database hiccup is not a lost lease: only a renewal the database refused is.</summary>
    private async Task<bool> TryRenewAsync(MoveLeases leases, MoveLeaseGrant lease, ILogger logger)
    {
        try
        {
            return await leases.RenewAsync(lease, _stop.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "Could not renew the lease on move {MoveId}; trying again", lease.MoveId);
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
