using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace MoveCenter.Web.Security;

/// <summary>
/// Limits sign-in form posts per client address. Identity's lockout stops guessing one account's password; this
/// slows one address trying many accounts, and bounds how fast it can run up failures (and the load of hashing them).
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
            limiter.OnRejected = RefuseAsync;
        });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<SecurityOptions>>((limiter, security) =>
            limiter.AddPolicy(Policy, http => RateLimitPartition.GetFixedWindowLimiter(
                http.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = security.Value.SignInAttemptsPerMinute, Window = Window })));
    }

    private static async ValueTask RefuseAsync(OnRejectedContext rejected, CancellationToken cancellationToken)
    {
        var wait = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : Window;
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        var response = rejected.HttpContext.Response;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Plain text: the sign-in form is posted by a browser, which shows it as it is.
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"Too many sign-in attempts from your address. Try again in {seconds} seconds.", cancellationToken);
    }
}
