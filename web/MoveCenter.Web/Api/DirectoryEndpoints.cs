using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Common;
using MoveCenter.Application.Directory;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Api;

public static class DirectoryEndpoints
{
    public sealed record AddPostOfficeBody(
        string? Name, string? Domain, string? Kind, string? RootPath, string? Host, int? Port, string? Security,
        string? AdminUser, string? AdminPassword, bool? SkipCertificateValidation, int? MaxConcurrentMoves, int? SievePort = null,
        string? Site = null, string? TimeZone = null, IReadOnlyList<MoveWindowRequest>? Windows = null, long? MaxBytesPerSecond = null)
    {
        public override string ToString() => $"{{ Name = {Name}, Kind = {Kind}, Host = {Host} }}";
    }

    /// <summary>An edit: every field is optional and keeps its value when left out.</summary>
    public sealed record EditPostOfficeBody(
        string? Name, string? Domain, string? Kind, string? RootPath, string? Host, int? Port, string? Security,
        string? AdminUser, string? AdminPassword, bool? SkipCertificateValidation, int? MaxConcurrentMoves, int? SievePort,
        string? Site, string? TimeZone, IReadOnlyList<MoveWindowRequest>? Windows, long? MaxBytesPerSecond)
    {
        public override string ToString() => $"{{ Name = {Name}, Kind = {Kind}, Host = {Host} }}";
    }

    public sealed record AddUserBody(string? UserId, string? PostOffice, string? DisplayName, string? Email);

    public sealed record ConnectionTestResource(bool Succeeded, string Summary, IReadOnlyList<string> Capabilities, IReadOnlyList<string> Warnings);

    public static RouteGroupBuilder MapDirectoryApi(this RouteGroupBuilder api)
    {
        var postOffices = api.MapGroup("/post-offices").WithTags("Post offices");
        postOffices.MapGet("/", (DirectoryQueries queries, CancellationToken ct) => queries.ListPostOfficesAsync(ct))
            .RequireAuthorization(Policies.ReadMoves);
        postOffices.MapPost("/", AddPostOfficeAsync).Accepts<AddPostOfficeBody>("application/json").RequireAuthorization(Policies.Admin);
        postOffices.MapPut("/{name}", EditPostOfficeAsync).Accepts<EditPostOfficeBody>("application/json").RequireAuthorization(Policies.Admin);
        postOffices.MapDelete("/{name}", async (string name, DeletePostOfficeHandler handler, HttpContext http, CancellationToken ct) =>
        {
            await handler.HandleAsync(name, http.Actor(), ct);
            return TypedResults.NoContent();
        }).RequireAuthorization(Policies.Admin);
        postOffices.MapPost("/{name}/test", TestPostOfficeAsync).RequireAuthorization(Policies.Admin);

        var users = api.MapGroup("/users").WithTags("Directory users");
        users.MapGet("/", (DirectoryQueries queries, string? search, int? take, CancellationToken ct) => queries.SearchUsersAsync(search, take ?? 100, ct))
            .RequireAuthorization(Policies.ReadMoves);
        users.MapPost("/", AddUserAsync).Accepts<AddUserBody>("application/json").RequireAuthorization(Policies.Admin);
        users.MapPost("/import", ImportUsersAsync).RequireAuthorization(Policies.Admin);
        return api;
    }

    private static async Task<Created<PostOfficeSummary>> AddPostOfficeAsync(
        HttpContext http, IOptions<JsonOptions> json, AddPostOfficeHandler handler, DirectoryQueries queries, CancellationToken cancellationToken)
    {
        var body = await http.Request.ReadJsonBodyAsync<AddPostOfficeBody>(json.Value.SerializerOptions, cancellationToken);
        await handler.HandleAsync(new AddPostOfficeRequest(body.Name ?? "", body.Domain ?? "", body.Kind ?? "", body.RootPath, body.Host, body.Port,
            body.Security, body.AdminUser, body.AdminPassword, body.SkipCertificateValidation ?? false, body.MaxConcurrentMoves, body.SievePort, body.Site,
            body.TimeZone, body.Windows, body.MaxBytesPerSecond),
            http.Actor(), cancellationToken);
        var created = (await queries.ListPostOfficesAsync(cancellationToken)).Single(p => p.Name == body.Name);
        return TypedResults.Created($"/api/post-offices/{created.Name}", created);
    }

    private static async Task<Ok<PostOfficeSummary>> EditPostOfficeAsync(
        string name, HttpContext http, IOptions<JsonOptions> json, EditPostOfficeHandler handler, DirectoryQueries queries, CancellationToken cancellationToken)
    {
        var body = await http.Request.ReadJsonBodyAsync<EditPostOfficeBody>(json.Value.SerializerOptions, cancellationToken);
        var newName = await handler.HandleAsync(name, new EditPostOfficeRequest(body.Name, body.Domain, body.Kind, body.RootPath, body.Host, body.Port,
            body.Security, body.AdminUser, body.AdminPassword, body.SkipCertificateValidation, body.MaxConcurrentMoves, body.SievePort, body.Site,
            body.TimeZone, body.Windows, body.MaxBytesPerSecond), http.Actor(), cancellationToken);
        return TypedResults.Ok((await queries.ListPostOfficesAsync(cancellationToken)).Single(p => p.Name == newName));
    }

    private static async Task<Results<Ok<ConnectionTestResource>, ProblemHttpResult>> TestPostOfficeAsync(
        string name, DirectoryQueries queries, ConnectionTests connectionTests, CancellationToken cancellationToken)
    {
        var postOffice = await queries.FindPostOfficeAsync(name, cancellationToken);
        if (postOffice is null)
            return TypedResults.Problem($"There is no post office named '{name}'.", statusCode: StatusCodes.Status404NotFound, title: "Not found");
        var result = await connectionTests.TestAsync(postOffice, cancellationToken);
        return TypedResults.Ok(new ConnectionTestResource(result.Succeeded, result.Summary, result.Capabilities, result.Warnings));
    }

    public sealed record UserImportResource(bool Imported, int Accepted, IReadOnlyList<AddDirectoryUserRequest> Users, IReadOnlyList<RejectedUserRow> Rejected);

    /// <summary>A users file as CSV; <paramref name="dryRun"/> previews it. A file with no valid row imports nothing and answers 400.</summary>
    private static async Task<IResult> ImportUsersAsync(HttpContext http, ImportDirectoryUsersHandler handler, bool? dryRun, CancellationToken cancellationToken)
    {
        if (!string.Equals(http.Request.ContentType?.Split(';')[0].Trim(), "text/csv", StringComparison.OrdinalIgnoreCase))
            return TypedResults.Problem($"Send the users file as CSV with the header Content-Type: text/csv{(http.Request.ContentType is { } type ? $", not {type}" : "")}.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type");
        // Read whole first: the CSV reader reads synchronously, which the server refuses on a request body.
        using var file = new StringReader(await CsvTable.DecodeAsync(http.Request.Body, cancellationToken));
        var result = await handler.HandleAsync(file, dryRun == true, http.Actor(), cancellationToken);
        var resource = new UserImportResource(result.Imported, result.Accepted.Count, result.Accepted, result.Rejected);
        if (result.Accepted.Count == 0)
            return TypedResults.Problem("No row of the file can be imported; nothing was added. Each refused row says why.",
                statusCode: StatusCodes.Status400BadRequest, title: "Nothing to import",
                extensions: new Dictionary<string, object?> { ["rejected"] = result.Rejected });
        return dryRun == true ? TypedResults.Ok(resource) : TypedResults.Created("/api/users", resource);
    }

    private static async Task<Created<DirectoryUserSummary>> AddUserAsync(
        HttpContext http, IOptions<JsonOptions> json, AddDirectoryUserHandler handler, DirectoryQueries queries, CancellationToken cancellationToken)
    {
        var body = await http.Request.ReadJsonBodyAsync<AddUserBody>(json.Value.SerializerOptions, cancellationToken);
        await handler.HandleAsync(new AddDirectoryUserRequest(body.UserId ?? "", body.PostOffice ?? "", body.DisplayName, body.Email),
            http.Actor(), cancellationToken);
        var created = (await queries.SearchUsersAsync(body.UserId, 1000, cancellationToken)).Single(u => u.UserId == body.UserId);
        return TypedResults.Created($"/api/users?search={Uri.EscapeDataString(created.UserId)}", created);
    }
}
