using System.Security.Claims;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>
/// A move's report (DESIGN §11) as JSON or CSV: through the API with a key, and at <see cref="PageReportPath"/> for the
/// move page's download link, which takes the sign-in cookie. Only admins get folders, subjects and the servers' words.
/// </summary>
public static class MoveReportEndpoints
{
    public const string PageReportPath = "/moves/{id:guid}/report";

    public static string PageReportUrl(Guid id, string format) => $"/moves/{id}/report?format={format}";

    public static void MapMoveReportDownload(this WebApplication app) =>
        app.MapGet(PageReportPath, (Guid id, string? format, MoveReportHandler handler, ClaimsPrincipal user, CancellationToken ct) =>
                ReportAsync(id, format, handler, user, ct))
            .RequireAuthorization(Policies.ReadMoves).AddEndpointFilter<RequestRejectedFilter>().ExcludeFromDescription();

    public static async Task<IResult> ReportAsync(Guid id, string? format, MoveReportHandler handler, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var csv = ReportFormat.IsCsv(format);
        var report = await handler.HandleAsync(id, user.SeesItems(), cancellationToken);
        if (!csv) return TypedResults.Ok(report);
        return TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body);
            await MoveReportCsv.WriteAsync(report, writer);
        }, "text/csv; charset=utf-8", $"move-{id}.csv");
    }
}
