namespace MoveCenter.Web.Security;

/// <summary>Headers that tell the browser to run only MoveCenter's own code, and never inside another site's frame.</summary>
public static class SecurityHeaders
{
    // Blazor Server needs no eval; MudBlazor sets style attributes, hence 'unsafe-inline' for styles only.
    // 'self' in connect-src covers the circuit's WebSocket to the same host.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; " +
        "font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public static void UseSecurityHeaders(this WebApplication app) => app.Use((http, next) =>
    {
        // Set as the response starts, so error pages and answers of short-circuiting middleware carry them too.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(http);
    });
}
