using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Hosting;

/// <summary>Healthy when the database answers and at least one job server is alive on the job engine.</summary>
public sealed class EngineHealthCheck(IDbContextFactory<MoveCenterDbContext> dbFactory, JobStorage jobStorage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
            if (!await db.Database.CanConnectAsync(cancellationToken))
                return HealthCheckResult.Unhealthy("The database does not answer.");
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
