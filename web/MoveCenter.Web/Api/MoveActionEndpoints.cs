using Microsoft.AspNetCore.Http.HttpResults;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>The Move User Status actions. Each answers with the move as it is afterwards; all are for admins.</summary>
public static class MoveActionEndpoints
{
    public static void MapMoveActions(this RouteGroupBuilder moves)
    {
        var actions = moves.MapGroup("/{id:guid}").RequireAuthorization(Policies.Admin);
        actions.MapPost("/retry", (Guid id, RetryMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/stop-deferred-retries", (Guid id, StopDeferredRetriesHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/restart", (Guid id, RestartMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/skip", (Guid id, SkipItemHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/force-complete", (Guid id, ForceCompleteMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/complete", (Guid id, CompleteMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/cancel", (Guid id, CancelMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/suspend", (Guid id, SuspendMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/resume", (Guid id, ResumeMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapPost("/approve-skipped", (Guid id, ApproveSkippedItemsHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
        actions.MapDelete("/", (Guid id, ClearMoveHandler handler, HttpContext http, CancellationToken ct) =>
            Respond(handler.HandleAsync(id, http.Actor(), ct)));
    }

    private static async Task<Ok<MoveSummary>> Respond(Task<MoveSummary> action) => TypedResults.Ok(await action);
}
