using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Common;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>
/// How a user's Sieve scripts appear in the inventory: one item of kind <see cref="InventoryKind.Rule"/> per script,
/// keyed by the script's name, sized in UTF-8 bytes, with <see cref="ActiveFlag"/> in <see cref="InventoryItem.Flags"/>
/// for the script that was active at the source when the inventory was taken.
/// </summary>
public static class RuleItems
{
    public const int ActiveFlag = 1;

    /// <summary>Rule items carry no folder: a script belongs to the mailbox, not to a folder.</summary>
    public const string NoFolder = "";

    public const string NoTargetSieve = "the target post office offers no Sieve";

    public static InventoryItem Item(Guid moveId, long sequence, SieveScript script, bool foundByFinalSync) =>
        new(moveId, sequence, InventoryKind.Rule, NoFolder, script.Name, Encoding.UTF8.GetByteCount(script.Content))
        {
            Flags = script.Active ? ActiveFlag : 0,
            FoundByFinalSync = foundByFinalSync,
        };

    /// <summary>
    /// The source's scripts, and whether the target can take them. Empty when the source offers no rules;
    /// <c>TargetTakesRules</c> is only asked of the target when the source has scripts.
    /// </summary>
    public static async Task<(IReadOnlyList<SieveScript> Scripts, bool TargetTakesRules)> ReadSourceAsync(
        IMailStoreFactory stores, PhaseContext context, CancellationToken cancellationToken)
    {
        IReadOnlyList<SieveScript> scripts;
        await using (var source = await stores.For(context.Source).OpenRulesAsync(context.UserId, cancellationToken))
        {
            if (source is null) return ([], false);
            scripts = await source.ListAsync(cancellationToken);
        }
        if (scripts.Count == 0) return (scripts, false);
        await using var target = await stores.For(context.Target).OpenRulesAsync(context.UserId, cancellationToken);
        return (scripts, target is not null);
    }

    /// <summary>Marks rule items skipped because the target cannot take them; returns the history line, or null when there were none.</summary>
    public static string? SkipForMissingTargetSieve(IReadOnlyCollection<InventoryItem> rules, DateTime now)
    {
        if (rules.Count == 0) return null;
        foreach (var rule in rules) rule.Skip(Move.SystemActor, NotMovedCategory.NoRuleService, RuleSkipReason, now);
        return $"{Counted.Of(rules.Count, "Sieve script")} ({string.Join(", ", rules.Select(r => r.SourceKey))}) {(rules.Count == 1 ? "was" : "were")} skipped: {NoTargetSieve}. " +
               "Give the target post office a sievePort to move them, or recreate the rules at the target by hand.";
    }

    private const string RuleSkipReason = "Skipped: " + NoTargetSieve + ".";
}

/// <summary>
/// Moves a move's pending Sieve scripts after its messages: each is stored at the target under its name (replacing a
/// script of that name, so running twice is safe) and the one active at the source is made active at the target.
/// Each arrival is recorded, with its migrated-item record, under the move's lease.
/// </summary>
public sealed class RuleTransfer(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IMailStoreFactory stores,
    TimeProvider clock,
    ILogger<RuleTransfer> logger)
{
    public async Task<TransferResult> TransferPendingAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var total = TransferResult.None;
        // Each round either moves an item or counts a failed attempt, so the bad item limit ends the loop.
        while (await PendingRulesAsync(context, cancellationToken) is { Count: > 0 } pending)
            total = total.Add(await TransferAsync(context, pending, cancellationToken));
        await HeldItems.ThrowIfAnyAsync(dbFactory, context.MoveId, InventoryKind.Rule, cancellationToken);
        return total;
    }

    private async Task<TransferResult> TransferAsync(PhaseContext context, List<InventoryItem> pending, CancellationToken cancellationToken)
    {
        await using var target = await stores.For(context.Target).OpenRulesAsync(context.UserId, cancellationToken);
        if (target is null)
        {
            await RecordSkippedAsync(context, pending, RuleItems.SkipForMissingTargetSieve, cancellationToken);
            return TransferResult.None;
        }
        await using var source = await stores.For(context.Source).OpenRulesAsync(context.UserId, cancellationToken);
        if (source is null)
        {
            await RecordSkippedAsync(context, pending, (rules, now) =>
            {
                foreach (var rule in rules) rule.Skip(Move.SystemActor, NotMovedCategory.NoRuleService, "Skipped: the source post office no longer offers Sieve.", now);
                return $"{Counted.Of(rules.Count, "Sieve script")} {(rules.Count == 1 ? "was" : "were")} skipped: the source post office no longer offers Sieve.";
            }, cancellationToken);
            return TransferResult.None;
        }

        var scripts = (await source.ListAsync(cancellationToken)).ToDictionary(s => s.Name, StringComparer.Ordinal);
        var result = TransferResult.None;
        // The active script last: when it is activated, every other script is already in place.
        foreach (var item in pending.OrderBy(i => scripts.TryGetValue(i.SourceKey, out var s) && s.Active).ThenBy(i => i.Sequence))
        {
            if (!scripts.TryGetValue(item.SourceKey, out var script))
            {
                await RecordSkippedAsync(context, [item], (rules, now) =>
                {
                    rules.Single().Skip(Move.SystemActor, NotMovedCategory.DeletedAtSource, "Skipped: the script was deleted at the source before it was moved.", now);
                    return $"Sieve script {item.SourceKey} was deleted at the source before it was moved; skipped.";
                }, cancellationToken);
                continue;
            }
            string? error = null;
            try
            {
                await target.PutAsync(script, cancellationToken);
            }
            catch (RuleRefusedException e)
            {
                error = e.Message;
            }
            result = result.Add(await RecordAsync(context, item, script, error));
        }
        return result;
    }

    /// <summary>Records one script's outcome; a confirmed arrival is recorded even when the node is stopping.</summary>
    private async Task<TransferResult> RecordAsync(PhaseContext context, InventoryItem pending, SieveScript script, string? error)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var move = await db.LoadLeasedAsync(context.Lease, CancellationToken.None);
        var item = await db.InventoryItems.SingleAsync(i => i.Id == pending.Id, CancellationToken.None);
        var now = clock.GetUtcNow().UtcDateTime;
        if (error is not null)
        {
            item.RecordFailure(error, NotMovedCategory.RefusedByTarget, context.Options.BadItemLimit, now);
            logger.LogWarning("Sieve script {Script} failed (attempt {Attempt} of {Limit}): {Error}",
                item.SourceKey, item.Attempts, context.Options.BadItemLimit, error);
            move.Note(now, MoveEventKind.ItemFailed,
                $"Sieve script {item.SourceKey} failed (attempt {item.Attempts} of {context.Options.BadItemLimit}): {error}");
            await db.SaveFencedAsync(context.Lease, CancellationToken.None);
            return TransferResult.None;
        }
        item.MarkMoved(now);
        db.MigratedItems.Add(new MigratedItem(context.MoveId, item.Id, RuleItems.NoFolder, script.Name, item.Size, now));
        move.RecordProgress(move.ItemsMoved + 1, move.ItemsSkipped, move.BytesMoved + item.Size, now);
        await db.SaveFencedAsync(context.Lease, CancellationToken.None);
        logger.LogDebug("Sieve script {Script} moved{Active}", script.Name, script.Active ? " and active" : "");
        return new TransferResult(1, 0, item.Size);
    }

    private async Task RecordSkippedAsync(
        PhaseContext context, List<InventoryItem> pending, Func<IReadOnlyCollection<InventoryItem>, DateTime, string?> skip, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.LoadLeasedAsync(context.Lease, cancellationToken);
        var ids = pending.Select(i => i.Id).ToList();
        var items = await db.InventoryItems.Where(i => ids.Contains(i.Id)).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        if (skip(items, now) is { } note) move.Note(now, MoveEventKind.ItemSkipped, note);
        move.RecordProgress(move.ItemsMoved, move.ItemsSkipped + items.Count, move.BytesMoved, now);
        await db.SaveFencedAsync(context.Lease, cancellationToken);
    }

    private async Task<List<InventoryItem>> PendingRulesAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Rule && i.State == InventoryState.Pending)
            .OrderBy(i => i.Sequence)
            .ToListAsync(cancellationToken);
    }
}
