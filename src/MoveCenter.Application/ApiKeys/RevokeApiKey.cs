using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Persistence;

namespace MoveCenter.Application.ApiKeys;

/// <summary>Revokes a key. Every request checks its key in the database, so the next one with it is refused.</summary>
public sealed class RevokeApiKeyHandler(IDbContextFactory<MoveCenterDbContext> dbFactory, AuditTrail audit)
{
    public async Task HandleAsync(int id, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.SingleOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no API key with id {id}.");
        if (key.Revoked) throw RequestRejectedException.Conflict($"The API key '{key.Name}' was revoked already.");
        key.Revoked = true;
        audit.Record(db, actor, AuditActions.ApiKeyRevoke, key.Name, $"Role {key.Role}");
        await db.SaveChangesAsync(cancellationToken);
    }
}
