using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Whether jobs wait in the queues this node serves for a worker to take them. A worker then hands a move's next phase
/// to the job engine instead of going on with it, so that a move queued while every worker runs a move is taken up at
/// the next phase end, and waits for its slot in its place by priority and age, not in the job queue.
/// </summary>
public sealed class WaitingJobs(JobStorage storage, IOptions<EngineOptions> options, ILogger<WaitingJobs> logger)
{
    /// <summary>A storage that cannot say counts as having jobs waiting: the move is then handed on, as it always was.</summary>
    public bool Any()
    {
        try
        {
            var monitoring = storage.GetMonitoringApi();
            return JobQueues.ServedBy(options.Value.Site).Any(queue => monitoring.EnqueuedCount(queue) > 0);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not read the job queues; the next phase goes to the job engine");
            return true;
        }
    }
}
