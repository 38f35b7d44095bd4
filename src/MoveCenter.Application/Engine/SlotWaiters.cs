using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Decides who gets the free move slots: the moves waiting for one, in <see cref="QueueOrder"/>, and the move whose
/// job asks for its slots now, in its place in that order. Each decision is one transaction holding the slot lock,
/// on whatever node it runs, so two decisions never give out the same free slot and a younger move never takes a
/// slot an older one fits. A waiting move that gets slots holds them from that moment and is handed to the job
/// engine; if its job is lost, the slots count as free again after the dispatch timeout and the next decision gives
/// them out anew.
/// </summary>
public sealed class SlotWaiters(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    MoveSlots slots,
    MoveDispatcher dispatcher,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<SlotWaiters> logger)
{
    private const int MovesPerDecision = 200;

    /// <summary>The slots for the move whose job begins a phase; null when it holds them, else why it has to wait.</summary>
    public async Task<string?> TryClaimAsync(Guid moveId, PostOffice source, PostOffice target, CancellationToken cancellationToken)
    {
        if (await slots.HoldsAsync(moveId, source.Id, target.Id, cancellationToken)) return null;
        return await DecideAsync(moveId, cancellationToken) switch
        {
            null => null,
            "source" => Full("source", source),
            _ => Full("target", target),
        };
    }

    /// <summary>
    /// Frees the move's slots unless it still works, then gives out what is free: called where a worker lets go of a
    /// move, so its slots go at once to the moves waiting for them, and so a move that began to wait while a slot
    /// was given to it is handed that slot now (its slots are freed here, and the decision gives them back).
    /// A move that keeps its slots, going on to its next phase, frees nothing: no decision is taken then, since a
    /// batch's hundreds of waiting moves would otherwise be weighed again at every phase of every move.
    /// </summary>
    public async Task ReleaseAsync(Guid moveId, CancellationToken cancellationToken)
    {
        if (await slots.ReleaseIfIdleAsync(moveId, cancellationToken) > 0) await StartWhatFitsAsync(cancellationToken);
    }

    /// <summary>Gives the free slots to the moves waiting for them; also run at every supervisor pass, for slots that freed without a release (a raised limit, a dead node).</summary>
    public async Task StartWhatFitsAsync(CancellationToken cancellationToken)
    {
        // Slots given to a move this node cannot hand to a job server would stay idle until the dispatch timeout.
        if (!dispatcher.CanEnqueue) return;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            if (!await db.Moves.AnyAsync(m => m.Status == MoveStatus.Waiting && m.RetryCause == RetryCause.MoveSlot, cancellationToken)) return;
        await DecideAsync(null, cancellationToken);
    }

    /// <summary>
    /// Goes through the contenders best first and gives each that fits a slot at both its post offices. A contender
    /// whose worker still holds it (it is just saving that it waits) keeps its slots until that worker lets go and
    /// calls <see cref="ReleaseAsync"/>; the others are handed to the job engine once the decision is committed.
    /// Returns, for <paramref name="claimant"/>, null when it got its slots, else the side it waits for.
    /// </summary>
    private async Task<string?> DecideAsync(Guid? claimant, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var (refusal, handedOut) = await db.InExclusiveTransactionAsync(MoveSlots.Lock, async () =>
        {
            var board = await slots.LoadAsync(db, cancellationToken);
            // A claimant behind more waiting moves than one decision reads waits like the last of them.
            string? claimantWaitsFor = "target";
            var started = new List<Contender>();
            foreach (var move in await ContendersAsync(db, claimant, cancellationToken))
            {
                if (board.Holds(move.Id, move.SourcePostOfficeId, move.TargetPostOfficeId))
                {
                    if (move.Id == claimant) claimantWaitsFor = null;
                    continue;
                }
                var (taken, fullSide) = board.Take(move.Id, move.SourcePostOfficeId, move.TargetPostOfficeId);
                if (fullSide is null && !await slots.ClaimAsync(db, move.Id, taken, cancellationToken)) fullSide = "target";
                if (move.Id == claimant) claimantWaitsFor = fullSide;
                else if (fullSide is null && !move.Leased && !move.Dispatched) started.Add(move);
            }
            if (started.Count > 0)
            {
                var now = clock.GetUtcNow().UtcDateTime;
                var ids = started.Select(m => m.Id).ToList();
                await db.Moves.Where(m => ids.Contains(m.Id))
                    .ExecuteUpdateAsync(s => s.SetProperty(m => EF.Property<DateTime?>(m, MoveLease.DispatchedAt), now), cancellationToken);
            }
            return (claimantWaitsFor, started);
        }, cancellationToken);

        foreach (var move in handedOut)
        {
            logger.LogInformation("Move {MoveId} got the move slots it waited for", move.Id);
            var site = await db.PinnedSiteAsync(move.SourcePostOfficeId, move.TargetPostOfficeId, cancellationToken);
            dispatcher.Enqueue(move.Id, move.Phase, JobQueues.For(site, move.RestartWithPriority));
        }
        return claimant is null ? null : refusal;
    }

    /// <summary>The moves waiting for a slot that this node may work on, with the claimant, best first.</summary>
    private Task<List<Contender>> ContendersAsync(MoveCenterDbContext db, Guid? claimant, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var recentDispatch = now - options.Value.DispatchTimeout;
        return db.Moves.AsNoTracking().WorkableAt(db, options.Value.Site)
            .Where(m => m.Id == claimant || (m.Status == MoveStatus.Waiting && m.RetryCause == RetryCause.MoveSlot))
            .BestFirst()
            .Select(m => new Contender(
                m.Id, m.SourcePostOfficeId, m.TargetPostOfficeId, m.Phase, m.RestartWithPriority,
                EF.Property<string?>(m, MoveLease.Owner) != null && EF.Property<DateTime?>(m, MoveLease.ExpiresAt) >= now,
                EF.Property<DateTime?>(m, MoveLease.DispatchedAt) >= recentDispatch))
            .Take(MovesPerDecision)
            .ToListAsync(cancellationToken);
    }

    private static string Full(string side, PostOffice postOffice) =>
        $"{side} post office {postOffice.Name} has all {postOffice.MaxConcurrentMoves} move slots in use";

    /// <summary>A move that may get slots; <paramref name="Dispatched"/>: its job is on its way already.</summary>
    private sealed record Contender(
        Guid Id, int SourcePostOfficeId, int TargetPostOfficeId, MovePhase Phase, bool RestartWithPriority, bool Leased, bool Dispatched);
}
