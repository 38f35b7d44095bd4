using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

public static class MovesEndpoints
{
    public sealed record QueueMoveBody(string? UserId, string? TargetPostOffice, DateTime? StartAt, QueueMoveOptions? Options, int? Priority);

    public sealed record MoveAccepted(Guid Id);

    public sealed record HistoryEntry(DateTime At, string Kind, string Message, string Actor);

    public sealed record MoveResource(
        Guid Id, string UserId, string SourcePostOffice, string TargetPostOffice, string Status, string Phase,
        int InventoryTotal, int Moved, int Skipped, int Remaining, long BytesMoved, long BytesTotal, int Restarts,
        string? LastError, string? WaitReason, DateTime? NotBefore, DateTime CreatedAt, DateTime? StartedAt, DateTime? FinishedAt,
        DateTime LastActivityAt, IReadOnlyList<HistoryEntry> History, int Priority, Guid? BatchId, MoveGrade? Grade, bool AwaitsApproval,
        string Mode, DateTime? CompleteAfter, TimeSpan? IncrementalSyncInterval);

    public sealed record MoveListResource(IReadOnlyList<MoveSummary> Items, int Total, int Skip, int Take);

    public static RouteGroupBuilder MapMovesApi(this RouteGroupBuilder api)
    {
        var moves = api.MapGroup("/moves").WithTags("Moves");
        moves.MapPost("/", QueueAsync).Accepts<QueueMoveBody>("application/json").RequireAuthorization(Policies.Admin);
        moves.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadMoves);
        moves.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.ReadMoves);
        moves.MapGet("/{id:guid}/pending-items", PendingItemsAsync).RequireAuthorization(Policies.Admin);
        moves.MapGet("/{id:guid}/log", (Guid id, MoveLogHandler handler, string? search, int? skip, int? take, CancellationToken ct) =>
            handler.HandleAsync(id, search, skip ?? 0, take ?? 200, ct)).RequireAuthorization(Policies.Admin);
        moves.MapGet("/{id:guid}/report", (Guid id, string? format, MoveReportHandler handler, ClaimsPrincipal user, CancellationToken ct) =>
            MoveReportEndpoints.ReportAsync(id, format, handler, user, ct)).RequireAuthorization(Policies.ReadMoves);
        moves.MapMoveActions();
        return api;
    }

    private static async Task<Accepted<MoveAccepted>> QueueAsync(
        HttpContext http, IOptions<JsonOptions> json, QueueMoveHandler handler, CancellationToken cancellationToken)
    {
        var body = await http.Request.ReadJsonBodyAsync<QueueMoveBody>(json.Value.SerializerOptions, cancellationToken);
        var id = await handler.HandleAsync(new QueueMoveRequest(body.UserId ?? "", body.TargetPostOffice ?? "", body.StartAt, body.Options, body.Priority ?? 0),
            http.Actor(), cancellationToken);
        return TypedResults.Accepted($"/api/moves/{id}", new MoveAccepted(id));
    }

    private static async Task<Results<Ok<MoveListResource>, ProblemHttpResult>> ListAsync(
        ListMovesHandler handler, ClaimsPrincipal caller, string? status, string? user, string? postOffice, int? skip, int? take, CancellationToken cancellationToken)
    {
        MoveStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (!Enum.TryParse<MoveStatus>(status, ignoreCase: true, out var parsed))
                return TypedResults.Problem($"Unknown status '{status}'. Use one of: {string.Join(", ", Enum.GetNames<MoveStatus>())}.",
                    statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid");
            statusFilter = parsed;
        }
        var query = new ListMovesQuery(statusFilter, user, postOffice, skip ?? 0, take ?? 50);
        var page = await handler.HandleAsync(query, cancellationToken);
        return TypedResults.Ok(new MoveListResource(page.Items.Select(m => m.ShownTo(caller)).ToList(), page.TotalCount, query.Skip, Math.Clamp(query.Take, 1, ListMovesHandler.MaxPageSize)));
    }

    private static async Task<Results<Ok<PendingItemsPage>, ProblemHttpResult>> PendingItemsAsync(
        Guid id, PendingItemsHandler handler, int? skip, int? take, CancellationToken cancellationToken)
    {
        var page = await handler.HandleAsync(id, skip ?? 0, take ?? 100, cancellationToken);
        return page is null
            ? TypedResults.Problem($"There is no move with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found")
            : TypedResults.Ok(page);
    }

    private static async Task<Results<Ok<MoveResource>, ProblemHttpResult>> GetAsync(
        Guid id, GetMoveDetailsHandler handler, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await handler.HandleAsync(id, cancellationToken) is not { } found)
            return TypedResults.Problem($"There is no move with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        var details = found.ShownTo(user);
        var m = details.Summary;
        return TypedResults.Ok(new MoveResource(m.Id, m.UserId, m.SourcePostOffice, m.TargetPostOffice, m.Status.ToString(), m.Phase.ToString(),
            m.InventoryTotal, m.ItemsMoved, m.ItemsSkipped, m.ItemsRemaining, m.BytesMoved, m.BytesTotal, m.Restarts,
            m.LastError, m.WaitReason, m.NotBefore, m.CreatedAt, m.StartedAt, m.FinishedAt, m.LastActivityAt,
            details.History.Select(h => new HistoryEntry(h.At, h.Kind.ToString(), h.Message, h.Actor)).ToList(), m.Priority, m.BatchId, m.Grade, m.AwaitsApproval,
            details.Options.Mode.ToString(), details.Options.CompleteAfter,
            details.Options.Mode == MoveMode.CopyFirst ? details.Options.IncrementalSyncInterval : null));
    }
}
