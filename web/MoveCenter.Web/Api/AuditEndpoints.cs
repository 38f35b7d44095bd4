using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using MoveCenter.Application.Audit;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

/// <summary>
/// The audit trail, read-only: there is no call to change or delete an entry. Scripts read it at <c>/api/audit</c>
/// with their key; the Audit page's export link goes to <c>/admin/audit.csv</c>, which takes the admin's sign-in
/// cookie instead, so the API stays key-only and a browser session never opens any other <c>/api</c> call.
/// </summary>
public static class AuditEndpoints
{
    public const string PageExportPath = "/admin/audit.csv";

    public sealed record AuditListResource(IReadOnlyList<AuditItem> Items, int Total, int Skip, int Take);

    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audit", ListAsync).WithTags("Audit").RequireAuthorization(Policies.Admin);
        return api;
    }

    public static void MapAuditExport(this WebApplication app) =>
        app.MapGet(PageExportPath, (ListAuditEntriesHandler handler, string? actor, string? action, DateTime? from, DateTime? to) =>
                Csv(handler, new AuditQuery(actor, action, from, to)))
            .RequireAuthorization(Policies.Admin).ExcludeFromDescription();

    private static async Task<Results<Ok<AuditListResource>, PushStreamHttpResult>> ListAsync(
        ListAuditEntriesHandler handler, string? actor, string? action, DateTime? from, DateTime? to, int? skip, int? take, string? format,
        CancellationToken cancellationToken)
    {
        var query = new AuditQuery(actor, action, from, to, skip ?? 0, take ?? 50);
        if (string.Equals(format, "csv", StringComparison.OrdinalIgnoreCase)) return Csv(handler, query);
        var page = await handler.HandleAsync(query, cancellationToken);
        return TypedResults.Ok(new AuditListResource(page.Items, page.Total, Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, ListAuditEntriesHandler.MaxPageSize)));
    }

    /// <summary>Every matching entry, newest first, streamed as it is read; paging does not apply to an export.</summary>
    private static PushStreamHttpResult Csv(ListAuditEntriesHandler handler, AuditQuery query) =>
        TypedResults.Stream(async body =>
        {
            await using var writer = new StreamWriter(body);
            // Escape cells a spreadsheet would run as a formula: targets and details carry text that people typed.
            await using var csv = new CsvWriter(writer, new CsvConfiguration(CultureInfo.InvariantCulture) { InjectionOptions = InjectionOptions.Escape });
            csv.WriteHeader<AuditCsvRow>();
            await csv.NextRecordAsync();
            await foreach (var item in handler.StreamAsync(query, CancellationToken.None))
            {
                csv.WriteRecord(new AuditCsvRow(item.At.ToString("O", CultureInfo.InvariantCulture), item.Actor, item.Action, item.Target, item.Details));
                await csv.NextRecordAsync();
            }
        }, "text/csv; charset=utf-8", $"audit-{DateTime.UtcNow:yyyyMMdd-HHmmss}.csv");

    private sealed record AuditCsvRow(string At, string Actor, string Action, string Target, string? Details);
}
