using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Common;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>
/// Batches: many moves queued at once from JSON or a CSV file, watched and acted on together. The Batches page's
/// report links go to <see cref="PageReportPath"/>, which takes the sign-in cookie, as the audit export does.
/// </summary>
public static class BatchesEndpoints
{
    public const string CsvContentType = "text/csv";
    public const string PageReportPath = "/batches/{id:guid}/report";

    public sealed record BatchMoveBody(string? UserId, string? TargetPostOffice, int? Priority, DateTime? StartAt);

    /// <param name="Windows">Not supported yet: refused rather than ignored, so no script believes its moves keep to them.</param>
    public sealed record CreateBatchBody(string? Name, DateTime? StartAt, string? Mode, IReadOnlyList<BatchMoveBody>? Moves,
        IReadOnlyList<MoveWindowRequest>? Windows = null, string? TimeZone = null);

    /// <param name="Id">Null for a dry run: nothing was created.</param>
    public sealed record BatchCreated(Guid? Id, int Accepted, IReadOnlyList<RejectedRow> Rejected, BatchForecast Forecast, IReadOnlyList<AcceptedRow> AcceptedRows);

    public sealed record BatchListResource(IReadOnlyList<BatchView> Items, int Total, int Skip, int Take);

    public static RouteGroupBuilder MapBatchesApi(this RouteGroupBuilder api)
    {
        var batches = api.MapGroup("/batches").WithTags("Batches");
        batches.MapPost("/", CreateAsync).Accepts<CreateBatchBody>("application/json", CsvContentType).RequireAuthorization(Policies.Admin);
        batches.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadMoves);
        batches.MapGet("/{id:guid}", GetAsync).RequireAuthorization(Policies.ReadMoves);
        batches.MapGet("/{id:guid}/report", (Guid id, string? format, BatchReportHandler handler, ClaimsPrincipal user, CancellationToken ct) =>
            ReportAsync(id, format, handler, user, ct)).RequireAuthorization(Policies.ReadMoves);
        var actions = batches.MapGroup("/{id:guid}").RequireAuthorization(Policies.Admin);
        actions.MapPost("/suspend", (Guid id, BatchActionHandler handler, HttpContext http, CancellationToken ct) => Act(handler, id, BatchAction.Suspend, http, ct));
        actions.MapPost("/resume", (Guid id, BatchActionHandler handler, HttpContext http, CancellationToken ct) => Act(handler, id, BatchAction.Resume, http, ct));
        actions.MapPost("/cancel", (Guid id, BatchActionHandler handler, HttpContext http, CancellationToken ct) => Act(handler, id, BatchAction.Cancel, http, ct));
        actions.MapPost("/retry-failed", (Guid id, BatchActionHandler handler, HttpContext http, CancellationToken ct) => Act(handler, id, BatchAction.RetryFailed, http, ct));
        actions.MapPost("/complete", (Guid id, BatchActionHandler handler, HttpContext http, CancellationToken ct) => Act(handler, id, BatchAction.Complete, http, ct));
        return api;
    }

    /// <summary>The report for a signed-in person on the batch page; the API's own call takes the key.</summary>
    public static void MapBatchReportDownload(this WebApplication app) =>
        app.MapGet(PageReportPath, (Guid id, string? format, BatchReportHandler handler, ClaimsPrincipal user, CancellationToken ct) =>
                ReportAsync(id, format, handler, user, ct))
            .RequireAuthorization(Policies.ReadMoves).AddEndpointFilter<RequestRejectedFilter>().ExcludeFromDescription();

    private static async Task<Results<Created<BatchCreated>, Ok<BatchCreated>, ProblemHttpResult>> CreateAsync(
        HttpContext http, IOptions<JsonOptions> json, CreateBatchHandler handler, string? name, bool? dryRun, CancellationToken cancellationToken)
    {
        var dry = dryRun ?? false;
        CreateBatchRequest request;
        if (http.Request.ContentType?.StartsWith(CsvContentType, StringComparison.OrdinalIgnoreCase) == true)
        {
            var text = await CsvTable.DecodeAsync(http.Request.Body, cancellationToken);
            request = new CreateBatchRequest(name ?? "", null, BatchCsv.Read(new StringReader(text)), dry);
        }
        else
        {
            var body = await http.Request.ReadJsonBodyAsync<CreateBatchBody>(json.Value.SerializerOptions, cancellationToken);
            if (BatchRow.ReadMode(body.Mode, out var mode) is { } problem) throw RequestRejectedException.InvalidField("mode", problem);
            var rows = (body.Moves ?? []).Select((m, index) => new BatchRow(index + 1, Blank(m.UserId), Blank(m.TargetPostOffice), m.Priority ?? 0, m.StartAt, [])).ToList();
            request = new CreateBatchRequest(body.Name ?? name ?? "", body.StartAt, rows, dry, body.TimeZone, body.Windows, mode);
        }

        var result = await handler.HandleAsync(request, http.Actor(), cancellationToken);
        var answer = new BatchCreated(result.Id, result.Accepted, result.Rejected, result.Forecast, result.AcceptedRows);
        if (result.Accepted == 0)
            return TypedResults.Problem(
                $"No row of the batch can be queued, so nothing was created: {result.Rejected.Count} rows were rejected (see rejected for each row's reasons).",
                statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid",
                extensions: new Dictionary<string, object?> { ["rejected"] = result.Rejected });
        if (dry) return TypedResults.Ok(answer);
        return TypedResults.Created($"/api/batches/{result.Id}", answer);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static async Task<Ok<BatchListResource>> ListAsync(BatchQueries queries, int? skip, int? take, CancellationToken cancellationToken)
    {
        var page = await queries.ListAsync(skip ?? 0, take ?? 50, cancellationToken);
        return TypedResults.Ok(new BatchListResource(page.Items, page.TotalCount, Math.Max(0, skip ?? 0), Math.Clamp(take ?? 50, 1, BatchQueries.MaxPageSize)));
    }

    private static async Task<Results<Ok<BatchView>, ProblemHttpResult>> GetAsync(Guid id, BatchQueries queries, CancellationToken cancellationToken) =>
        await queries.GetAsync(id, cancellationToken) is { } batch
            ? TypedResults.Ok(batch)
            : TypedResults.Problem($"There is no batch with id {id}.", statusCode: StatusCodes.Status404NotFound, title: "Not found");

    private static async Task<Ok<BatchView>> Act(BatchActionHandler handler, Guid id, BatchAction action, HttpContext http, CancellationToken cancellationToken) =>
        TypedResults.Ok(await handler.HandleAsync(id, action, http.Actor(), cancellationToken));

    private static async Task<IResult> ReportAsync(Guid id, string? format, BatchReportHandler handler, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var csv = ReportFormat.IsCsv(format);
        var rows = await handler.HandleAsync(id, user.SeesItems(), cancellationToken);
        if (!csv) return TypedResults.Ok(rows);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body);
            await BatchReportHandler.WriteCsvAsync(rows, writer);
        }, "text/csv; charset=utf-8", $"batch-{id}.csv");
    }
}
