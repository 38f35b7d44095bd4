using Hangfire;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Engine;
using MoveCenter.Web.Api;
using MoveCenter.Web.Components;
using MoveCenter.Web.Realtime;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Hosting;

public static class AppSetup
{
    public static void UseMoveCenter(this WebApplication app)
    {
        app.UseMoveCenterHttps();
        app.UseSecurityHeaders();
        // Pages get pages; API calls answer inside, with problem details, before these see anything.
        if (!app.Environment.IsDevelopment()) app.UseExceptionHandler("/error", createScopeForErrors: true);
        app.UseStatusCodePagesWithReExecute("/status/{0}", createScopeForStatusCodePages: true);
        app.UseWhen(ApiProblems.IsApiRequest, api =>
        {
            api.UseExceptionHandler();
            api.UseStatusCodePages();
            api.UseApiRouteProblems();
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseAntiforgery();
    }

    public static void MapMoveCenter(this WebApplication app)
    {
        app.MapHealthChecks("/health").AllowAnonymous();
        if (!app.Services.GetRequiredService<IOptions<EngineOptions>>().Value.Role.ServesWeb())
        {
            // A worker has no pages to sign in to: anything but /health is not found, rather than sent to a sign-in page.
            app.Map("/{**path}", () => TypedResults.NotFound()).AllowAnonymous();
            return;
        }
        app.MapStaticAssets().AllowAnonymous();
        app.MapOpenApi().RequireAuthorization(policy => policy.AddAuthenticationSchemes(SignedInOrApiKey.Scheme).RequireAuthenticatedUser());

        var api = app.MapGroup("/api")
            .RequireAuthorization(policy => policy.AddAuthenticationSchemes(ApiKeyDefaults.Scheme).RequireAuthenticatedUser())
            .AddEndpointFilter<RequestRejectedFilter>();
        api.MapMovesApi();
        api.MapBatchesApi();
        api.MapCleanupApi();
        api.MapDirectoryApi();
        api.MapApiKeysApi();
        api.MapAuditApi();
        app.MapAuditExport();
        app.MapBatchReportDownload();
        app.MapMoveReportDownload();

        app.MapAccountEndpoints();
        // Browsers come with the sign-in cookie, scripts with the X-Api-Key header; the default scheme is only the cookie.
        app.MapHub<MovesHub>(MovesHub.Path).RequireAuthorization(
            new AuthorizeAttribute { AuthenticationSchemes = $"{IdentityConstants.ApplicationScheme},{ApiKeyDefaults.Scheme}" });
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [], AppPath = "/" })
            .RequireAuthorization(Policies.Admin);
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
    }
}
