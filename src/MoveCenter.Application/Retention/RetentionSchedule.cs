using Hangfire;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;

namespace MoveCenter.Application.Retention;

/// <summary>
/// Registers the pruning job with the job engine at start. Each occurrence of a recurring job is started by one
/// server of the job storage, and the job refuses to overlap itself, so nodes that share the storage prune once.
/// </summary>
public sealed class RetentionSchedule(IRecurringJobManager recurringJobs, IOptions<RetentionOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurringJobs.AddOrUpdate<PruneFinishedMoveDetailJob>(
            PruneFinishedMoveDetailJob.RecurringJobId,
            JobQueues.Default,
            job => job.RunAsync(CancellationToken.None),
            options.Value.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
