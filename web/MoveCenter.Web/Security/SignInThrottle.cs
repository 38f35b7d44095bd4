using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MoveCenter.Web.Security;

/// <summary>
/// Limits sign-in form posts per client address. <see cref="FailedSignIns"/> stops one address guessing one account's
/// password; this slows one address trying many accounts, and bounds the load of hashing what it sends.
/// </summary>
public static class SignInThrottle
{
    public const string Policy = "sign-in";
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static void AddSignInThrottle(this IServiceCollection services)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = (rejected, _) => RefuseAsync(rejected);
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                ClientAddress(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = security.Value.SignInAttemptsPerMinute, Window = Window })));
    }

    public static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static ValueTask RefuseAsync(OnRejectedContext rejected) =>
        new(new TooManySignInAttempts(rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window)
            .ExecuteAsync(rejected.HttpContext));
}
