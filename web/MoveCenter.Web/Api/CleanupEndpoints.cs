using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>The cleanup table: source mailboxes a purge could not remove, and the admin's retry of one.</summary>
public static class CleanupEndpoints
{
    public static RouteGroupBuilder MapCleanupApi(this RouteGroupBuilder api)
    {
        api.MapGet("/cleanups", async (SourceCleanupQueries cleanups, ClaimsPrincipal user, CancellationToken ct) =>
                (await cleanups.ListOpenAsync(ct)).Select(c => c.ShownTo(user)).ToList())
            .WithTags("Cleanups").RequireAuthorization(Policies.ReadMoves);
        api.MapGet("/moves/{id:guid}/cleanup", GetAsync).WithTags("Cleanups").RequireAuthorization(Policies.ReadMoves);
        api.MapPost("/moves/{id:guid}/cleanup/retry", async (Guid id, RetryCleanupHandler handler, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await handler.HandleAsync(id, http.Actor(), ct)))
            .WithTags("Cleanups").RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Results<Ok<SourceCleanupView>, ProblemHttpResult>> GetAsync(
        Guid id, SourceCleanupQueries cleanups, ClaimsPrincipal user, CancellationToken ct) =>
        await cleanups.ForMoveAsync(id, ct) is { } cleanup
            ? TypedResults.Ok(cleanup.ShownTo(user))
            : TypedResults.Problem($"Move {id} has no cleanup: its source was removed by the purge, kept on purpose, or not purged yet.",
                statusCode: StatusCodes.Status404NotFound, title: "Not found");
}
