using System.Globalization;

namespace MoveCenter.Web.Security;

/// <summary>
/// The one answer of both sign-in guards (the per-address throttle and the per-account-and-address count), so a refusal
/// does not tell which guard spoke, nor whether the account exists.
/// </summary>
public sealed class TooManySignInAttempts(TimeSpan wait) : IResult
{
    public async Task ExecuteAsync(HttpContext http)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        var response = http.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        // Plain text: the sign-in form is posted by a browser, which shows it as it is.
        response.ContentType = "text/plain; charset=utf-8";
        await response.WriteAsync($"Too many sign-in attempts from your address. Try again in {seconds} seconds.", http.RequestAborted);
    }
}
