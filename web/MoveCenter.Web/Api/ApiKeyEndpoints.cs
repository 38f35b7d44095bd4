using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>API keys for scripts: make one (its secret is in this answer only), list them without secrets, revoke one.</summary>
public static class ApiKeyEndpoints
{
    public sealed record CreateApiKeyBody(string? Name, string? Role);

    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/keys").WithTags("API keys").RequireAuthorization(Policies.Admin);
        keys.MapPost("/", CreateAsync).Accepts<CreateApiKeyBody>("application/json");
        keys.MapGet("/", (ListApiKeysHandler handler, CancellationToken ct) => handler.HandleAsync(ct));
        keys.MapDelete("/{id:int}", async (int id, RevokeApiKeyHandler handler, HttpContext http, CancellationToken ct) =>
        {
            await handler.HandleAsync(id, http.Actor(), ct);
            return TypedResults.NoContent();
        });
        return api;
    }

    private static async Task<Created<CreatedApiKey>> CreateAsync(
        HttpContext http, IOptions<JsonOptions> json, CreateApiKeyHandler handler, CancellationToken cancellationToken)
    {
        var body = await http.Request.ReadJsonBodyAsync<CreateApiKeyBody>(json.Value.SerializerOptions, cancellationToken);
        var created = await handler.HandleAsync(new CreateApiKeyRequest(body.Name ?? "", body.Role ?? ""), http.Actor(), cancellationToken);
        return TypedResults.Created("/api/keys", created);
    }
}
