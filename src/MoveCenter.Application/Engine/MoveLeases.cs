using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>A worker's claim on a move. <see cref="Token"/> is the fencing token its writes are checked against.</summary>
public sealed record MoveLeaseGrant(Guid MoveId, string Owner, long Token);

/// <summary>
/// A move seen Running with nobody working on it, and the lease it had then (no owner: a hand-over never picked up).
/// Acting on it is valid only while the move still has that very lease: a takeover since has a new token.
/// </summary>
public sealed record AbandonedMove(Guid MoveId, string? Owner, long Token);

/// <summary>
/// One executor per move across every node: a lease row claimed by a conditional update, so the database decides
/// who wins, not a process-local lock.
/// </summary>
public sealed class MoveLeases(IDbContextFactory<MoveCenterDbContext> dbFactory, IOptions<EngineOptions> options, TimeProvider clock, NodeIdentity node)
{
    private readonly EngineOptions _options = options.Value;

    public async Task<MoveLeaseGrant?> TryAcquireAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var expires = now + _options.LeaseDuration;
        var owner = node.WorkerName;
        var claimed = await db.Moves.WorkableAt(db, _options.Site)
            .Where(m => m.Id == moveId
                && (EF.Property<string?>(m, MoveLease.Owner) == null || EF.Property<DateTime?>(m, MoveLease.ExpiresAt) < now))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => EF.Property<string?>(m, MoveLease.Owner), owner)
                .SetProperty(m => EF.Property<DateTime?>(m, MoveLease.ExpiresAt), expires)
                .SetProperty(m => EF.Property<long>(m, MoveLease.Token), m => EF.Property<long>(m, MoveLease.Token) + 1)
                .SetProperty(m => m.Version, m => m.Version + 1), cancellationToken);
        if (claimed == 0) return null;
        var token = await db.Moves.Where(m => m.Id == moveId).Select(m => EF.Property<long>(m, MoveLease.Token)).SingleAsync(cancellationToken);
        return new MoveLeaseGrant(moveId, owner, token);
    }

    /// <summary>Extends the lease; false means it was lost and the worker must stop writing.</summary>
    public async Task<bool> RenewAsync(MoveLeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var expires = Now + _options.LeaseDuration;
        return await Held(db, lease)
            .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.ExpiresAt), expires), cancellationToken) == 1;
    }

    /// <summary>When the move last recorded activity, while this lease holds it; null once it does not.</summary>
    public async Task<DateTime?> LastActivityAsync(MoveLeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Held(db, lease).Select(m => (DateTime?)m.LastActivityAt).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task ReleaseAsync(MoveLeaseGrant lease, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await Held(db, lease).ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<string?>(m, MoveLease.Owner), (string?)null), cancellationToken);
    }

    /// <summary>
    /// A node that starts again knows that its previous process is gone: its leases are expired at once, so the
    /// supervisor restarts those moves without waiting for the lease to run out.
    /// </summary>
    public async Task<int> ExpireLeasesOfPreviousProcessAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefix = node.NodePrefix;
        var current = node.WorkerName;
        var past = Now.AddSeconds(-1);
        return await db.Moves
            .Where(m => EF.Property<string?>(m, MoveLease.Owner) != null
                && EF.Property<string>(m, MoveLease.Owner).StartsWith(prefix)
                && EF.Property<string>(m, MoveLease.Owner) != current)
            .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.ExpiresAt), past), cancellationToken);
    }

    /// <summary>
    /// Moves that say Running but nobody works on: a worker whose lease ran out (it died or lost the database), or a
    /// hand-over between phases whose job never started (its dispatch is missing or stale).
    /// </summary>
    public async Task<IReadOnlyList<AbandonedMove>> FindAbandonedAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Abandoned(db.Moves.AsNoTracking())
            .Select(m => new AbandonedMove(m.Id, EF.Property<string?>(m, MoveLease.Owner), EF.Property<long>(m, MoveLease.Token)))
            .ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The move, if it is still abandoned with the lease it was found with. The lease is cleared in the same statement,
    /// which holds the row until <paramref name="db"/>'s transaction ends: a new worker cannot take the move, nor the
    /// old one renew it, between this judgement and the restart saved in that transaction.
    /// </summary>
    public async Task<bool> TryClaimAbandonedAsync(MoveCenterDbContext db, AbandonedMove seen, CancellationToken cancellationToken) =>
        await Abandoned(db.Moves)
            .Where(m => m.Id == seen.MoveId
                && EF.Property<string?>(m, MoveLease.Owner) == seen.Owner
                && EF.Property<long>(m, MoveLease.Token) == seen.Token)
            .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<string?>(m, MoveLease.Owner), (string?)null), cancellationToken) == 1;

    private IQueryable<Move> Abandoned(IQueryable<Move> moves)
    {
        var now = Now;
        var staleDispatch = now - _options.DispatchTimeout;
        return moves.Where(m => m.Status == MoveStatus.Running
            && (EF.Property<string?>(m, MoveLease.Owner) != null
                ? EF.Property<DateTime?>(m, MoveLease.ExpiresAt) == null || EF.Property<DateTime?>(m, MoveLease.ExpiresAt) < now
                : EF.Property<DateTime?>(m, MoveLease.DispatchedAt) == null || EF.Property<DateTime?>(m, MoveLease.DispatchedAt) < staleDispatch));
    }

    private static IQueryable<Move> Held(MoveCenterDbContext db, MoveLeaseGrant lease) =>
        db.Moves.Where(m => m.Id == lease.MoveId
            && EF.Property<string?>(m, MoveLease.Owner) == lease.Owner
            && EF.Property<long>(m, MoveLease.Token) == lease.Token);

    private DateTime Now => clock.GetUtcNow().UtcDateTime;
}
