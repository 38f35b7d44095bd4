using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Persistence;

namespace MoveCenter.Web.Security;

public static class ApiKeyDefaults
{
    public const string Scheme = "ApiKey";
    public const string Header = "X-Api-Key";
}

/// <summary>Authenticates <c>/api</c> calls by their <c>X-Api-Key</c> header.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public static readonly TimeSpan UseRecordedEvery = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiKeyDefaults.Header, out var values) || string.IsNullOrWhiteSpace(values.ToString()))
            return AuthenticateResult.NoResult();

        var hash = ApiKeySecrets.Hash(values.ToString());
        await using var db = await dbFactory.CreateDbContextAsync(Context.RequestAborted);
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.KeyHash == hash && !k.Revoked, Context.RequestAborted);
        if (key is null) return AuthenticateResult.Fail("The API key is not valid or was revoked.");

        // Recorded to the minute, as the key list shows it: a write on every call would take SQLite's one write lock
        // away from the move engine for each request of a script that polls the API.
        var now = clock.GetUtcNow().UtcDateTime;
        if (key.LastUsedAt is not { } last || now - last >= UseRecordedEvery)
        {
            key.LastUsedAt = now;
            await db.SaveChangesAsync(Context.RequestAborted);
        }
        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, $"api-key:{key.Name}"), new Claim(ClaimTypes.Role, key.Role)], ApiKeyDefaults.Scheme);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), ApiKeyDefaults.Scheme));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        await Results.Problem(
            title: "API key required",
            detail: $"Send a valid API key in the {ApiKeyDefaults.Header} header.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        await Results.Problem(
            title: "Not allowed",
            detail: "This API key's role does not allow this call.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);
    }
}
