using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Directory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Directory;

public sealed record PostOfficeSummary(
    int Id, string Name, string Domain, PostOfficeKind Kind, string? RootPath, string? Host, int? Port,
    ImapSecurity Security, string? AdminUser, bool SkipCertificateValidation, int MaxConcurrentMoves, int UserCount,
    int? SievePort = null,
    string? Site = null,
    string TimeZone = MoveSchedule.DefaultTimeZone,
    IReadOnlyList<MoveWindowRequest>? Windows = null,
    long MaxBytesPerSecond = 0);

public sealed record DirectoryUserSummary(string UserId, string DisplayName, string? Email, string PostOffice, bool InTransit);

public sealed class DirectoryQueries(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<IReadOnlyList<PostOfficeSummary>> ListPostOfficesAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.PostOffices.AsNoTracking()
            .OrderBy(p => p.Name)
            .Select(p => new { PostOffice = p, Users = db.DirectoryUsers.Count(u => u.PostOfficeId == p.Id) })
            .ToListAsync(cancellationToken);
        return [.. rows.Select(row => Summarize(row.PostOffice, row.Users))];
    }

    private static PostOfficeSummary Summarize(PostOffice p, int users) =>
        new(p.Id, p.Name, p.Domain, p.Kind, p.RootPath, p.Host, p.Port, p.Security, p.AdminUser, p.SkipCertificateValidation,
            p.MaxConcurrentMoves, users, p.SievePort, p.Site, p.TimeZone,
            [.. p.Schedule.Windows.Select(w => new MoveWindowRequest(w.DaysText, w.FromText, w.ToText))], p.MaxBytesPerSecond);

    /// <summary>The full entry, for the engine's connectors; never returned by the API as is (it holds the protected password).</summary>
    public async Task<PostOffice?> FindPostOfficeAsync(string name, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.FindPostOfficeAsync(name, cancellationToken);
    }

    public async Task<IReadOnlyList<DirectoryUserSummary>> SearchUsersAsync(string? search, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.SearchUsers(search).Take(Math.Clamp(take, 1, 1000)).ToListAsync(cancellationToken);
    }
}

internal static class DirectorySearch
{
    /// <summary>
    /// People whose user id, name or e-mail contains <paramref name="search"/>, those who match it exactly first, so
    /// that "UserA" is not pushed out of a short list by "UserAB", "UserAC"…
    /// </summary>
    public static IQueryable<DirectoryUserSummary> SearchUsers(this MoveCenterDbContext db, string? search)
    {
        var users = db.DirectoryUsers.AsNoTracking();
        var exact = search?.Trim() ?? "";
        if (exact.Length > 0)
        {
            var pattern = LikePatterns.Contains(exact);
            users = users.Where(u => EF.Functions.Like(u.UserId, pattern, LikePatterns.EscapeCharacter)
                || EF.Functions.Like(u.DisplayName, pattern, LikePatterns.EscapeCharacter)
                || (u.Email != null && EF.Functions.Like(u.Email, pattern, LikePatterns.EscapeCharacter)));
        }
        return from user in users
               join postOffice in db.PostOffices on user.PostOfficeId equals postOffice.Id
               orderby user.UserId == exact || user.DisplayName == exact || user.Email == exact descending, user.UserId
               select new DirectoryUserSummary(user.UserId, user.DisplayName, user.Email, postOffice.Name, user.InTransit);
    }
}
