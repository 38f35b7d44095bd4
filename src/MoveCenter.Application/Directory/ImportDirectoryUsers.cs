using FluentValidation;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

/// <summary>A row of a users file that cannot be imported, numbered as in the file (the header is row 1).</summary>
public sealed record RejectedUserRow(int Row, string? UserId, IReadOnlyList<string> Errors);

/// <summary>What a users file holds: the rows that are imported (or would be, in a preview) and the ones refused, with why.</summary>
public sealed record UserImportResult(bool Imported, IReadOnlyList<AddDirectoryUserRequest> Accepted, IReadOnlyList<RejectedUserRow> Rejected);

/// <summary>
/// Adds the users of a CSV file (header <c>userId,postOffice[,displayName][,email]</c>) to the directory, with the checks
/// of adding one user. A preview changes nothing; an import adds every valid row at once, or nothing when none is.
/// </summary>
public sealed class ImportDirectoryUsersHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory, IValidator<AddDirectoryUserRequest> validator, AuditTrail audit)
{
    public static readonly CsvColumns Columns = new(["userId", "postOffice"], ["displayName", "email"]);

    public async Task<UserImportResult> HandleAsync(TextReader csv, bool preview, string actor, CancellationToken cancellationToken)
    {
        var rows = Read(csv).ToList();
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var postOffices = await db.PostOffices.AsNoTracking().ToDictionaryAsync(p => p.Name, p => p.Id, StringComparer.OrdinalIgnoreCase, cancellationToken);
        var ids = rows.Select(r => r.Request.UserId).Where(id => id.Length > 0).Distinct().ToList();
        var existing = (await db.DirectoryUsers.AsNoTracking().Where(u => ids.Contains(u.UserId)).Select(u => u.UserId).ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

        var accepted = new List<AddDirectoryUserRequest>();
        var rejected = new List<RejectedUserRow>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (row, request, readErrors) in rows)
        {
            var errors = readErrors.ToList();
            errors.AddRange((await validator.ValidateAsync(request, cancellationToken)).Errors.Select(e => e.ErrorMessage));
            if (request.PostOffice.Length > 0 && !postOffices.ContainsKey(request.PostOffice))
                errors.Add($"There is no post office named '{request.PostOffice}'.");
            if (existing.Contains(request.UserId))
                errors.Add($"A user '{request.UserId}' is already in the directory.");
            if (request.UserId.Length > 0 && !seen.TryAdd(request.UserId, row))
                errors.Add($"'{request.UserId}' is already on row {seen[request.UserId]} of this file.");
            if (errors.Count == 0) accepted.Add(request);
            else rejected.Add(new RejectedUserRow(row, request.UserId.Length > 0 ? request.UserId : null, errors));
        }
        if (preview || accepted.Count == 0) return new UserImportResult(false, accepted, rejected);

        foreach (var request in accepted)
            db.DirectoryUsers.Add(new DirectoryUser(request.UserId, postOffices[request.PostOffice], request.DisplayName, request.Email));
        audit.Record(db, actor, AuditActions.DirectoryUserImport, $"{Counted.Of(accepted.Count, "user")}",
            $"Imported {string.Join(", ", accepted.Select(r => $"{r.UserId} ({r.PostOffice})"))}" +
            (rejected.Count > 0 ? $"; {Counted.Of(rejected.Count, "row")} refused (rows {string.Join(", ", rejected.Select(r => r.Row))})" : ""));
        await db.SaveChangesAsync(cancellationToken);
        return new UserImportResult(true, accepted, rejected);
    }

    private static IEnumerable<(int Row, AddDirectoryUserRequest Request, IReadOnlyList<string> Errors)> Read(TextReader text) =>
        CsvTable.Read(text, Columns, "a users file").Select(line => (line.Row,
            new AddDirectoryUserRequest(line["userId"] ?? "", line["postOffice"] ?? "", line["displayName"], line["email"]), line.Problems));
}
