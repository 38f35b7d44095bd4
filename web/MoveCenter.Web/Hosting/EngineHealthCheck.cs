using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MoveCenter.Application.Engine;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Hosting;

/// <summary>
/// Healthy when the database answers and at least one job server is alive on the job engine. A web node whose job
/// storage is its own (in memory) can see no worker's server, so for it the database answering is enough.
/// </summary>
public sealed class EngineHealthCheck(IDbContextFactory<MoveCenterDbContext> dbFactory, JobStorage jobStorage, JobEngineSettings jobEngine) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The database does not answer.");
            if (!jobEngine.CanEnqueue) return HealthCheckResult.Healthy("Database answers; this node runs no jobs.");
            var servers = jobStorage.GetMonitoringApi().Servers();
            return servers.Count == 0
                ? HealthCheckResult.Unhealthy("No job server is running.")
                : HealthCheckResult.Healthy($"Database answers; {servers.Count} job server(s) running.");
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("The database or the job engine failed.", ex);
        }
    }
}
