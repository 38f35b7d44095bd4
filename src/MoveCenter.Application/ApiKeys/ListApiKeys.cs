using Microsoft.EntityFrameworkCore;
using MoveCenter.Persistence;

namespace MoveCenter.Application.ApiKeys;

/// <summary>A key as lists show it: never its secret, which is not kept, nor its hash.</summary>
public sealed record ApiKeySummary(int Id, string Name, string Role, DateTime CreatedAt, string? CreatedBy, DateTime? LastUsedAt, bool Revoked);

public sealed class ListApiKeysHandler(IDbContextFactory<MoveCenterDbContext> dbFactory)
{
    public async Task<IReadOnlyList<ApiKeySummary>> HandleAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ApiKeys.AsNoTracking().OrderBy(k => k.Revoked).ThenBy(k => k.Name)
            .Select(k => new ApiKeySummary(k.Id, k.Name, k.Role, k.CreatedAt, k.CreatedBy, k.LastUsedAt, k.Revoked))
            .ToListAsync(cancellationToken);
    }
}
