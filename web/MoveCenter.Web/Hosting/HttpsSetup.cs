using Microsoft.AspNetCore.HttpsPolicy;
using Microsoft.Extensions.Options;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Hosting;

/// <summary>
/// HTTPS from Kestrel's own settings, HSTS for requests that came over HTTPS, and the client's scheme and address
/// from a reverse proxy trusted by configuration.
/// </summary>
public static class HttpsSetup
{
    public static void AddMoveCenterHttps(this WebApplicationBuilder builder)
    {
        ServerCertificates.Check(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddOptions<HstsOptions>().Configure<IOptions<SecurityOptions>>((hsts, security) => hsts.MaxAge = security.Value.HstsMaxAge);
        // The sign-in cookie is Secure on HTTPS by default; the antiforgery cookie is not unless told.
        builder.Services.AddAntiforgery(antiforgery => antiforgery.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest);
    }

    public static void UseMoveCenterHttps(this WebApplication app)
    {
        // The middleware with no known proxy would believe every client's headers, so it runs only when some are named.
        var proxy = app.Configuration.GetSection(ProxyOptions.Section).Get<ProxyOptions>() ?? new();
        if (proxy.IsConfigured) app.UseForwardedHeaders(proxy.ToForwardedHeadersOptions());
        // Skips plain-HTTP requests by itself, and localhost by default: a browser that learnt HSTS for localhost would
        // refuse every other plain-HTTP development server on it.
        app.UseHsts();
        // Only when this node has an HTTPS endpoint to send people to; the default http://127.0.0.1:5080 has none.
        if (ServesHttps(app.Configuration)) app.UseHttpsRedirection();
    }

    private static bool ServesHttps(IConfiguration configuration) =>
        (configuration["urls"] ?? "").Split(';').Any(IsHttps)
        || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any(endpoint => IsHttps(endpoint["Url"]));

    private static bool IsHttps(string? url) => url?.Trim().StartsWith("https://", StringComparison.OrdinalIgnoreCase) == true;
}
