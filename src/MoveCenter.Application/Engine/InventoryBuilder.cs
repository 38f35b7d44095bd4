using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Common;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <param name="AlreadyAtTarget">Entries kept from an earlier list because their items are at the target (a restarted move).</param>
public sealed record StoredInventory(bool AlreadyStored, int Items, int Folders, long Bytes, int AlreadyAtTarget);

/// <summary>
/// Enumerates a source mailbox into the inventory list: folders first, in a stable order, then their messages, then the
/// user's Sieve scripts when the source offers them (skipped, with a history note, when the target cannot take them).
/// An item the source lists but will not hand over (a symbolic link in a Maildir) is skipped at once with the source's
/// reason: retrying cannot change it, so it must not hold the move, and the admin still sees it in Pending Items.
/// </summary>
public sealed class InventoryBuilder(
    IDbContextFactory<MoveCenterDbContext> dbFactory, IMailStoreFactory stores, IOptions<EngineOptions> options, TimeProvider clock)
{
    private const int InsertBatch = 1000;

    public async Task<StoredInventory> TakeAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using (var check = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var move = await check.LoadLeasedAsync(context.Lease, cancellationToken);
            if (move.InventoryTakenAt is not null)
                return new StoredInventory(true, move.InventoryTotal, 0, move.BytesTotal, 0);
            // A run that died half-way left part of a list, a restarted move its whole old list: start afresh, but keep
            // the entries of items at the target or perhaps at the target (in flight), so that none of them is sent twice.
            // The delete is conditional on the lease, so a worker that lost it cannot remove the list its successor writes.
            await check.InventoryItems.Where(i => i.MoveId == context.MoveId && i.State != InventoryState.Moved && !i.InFlight
                    && check.Moves.Any(m => m.Id == context.MoveId
                        && EF.Property<string?>(m, MoveLease.Owner) == context.Lease.Owner
                        && EF.Property<long>(m, MoveLease.Token) == context.Lease.Token))
                .ExecuteDeleteAsync(cancellationToken);
        }

        var kept = await KnownItemsAsync(context.MoveId, cancellationToken);
        await using var source = await stores.OpenAsync(context.Source, context.UserId, cancellationToken);
        var folders = FolderOrder.Sort(await source.ListFoldersAsync(cancellationToken));
        var sequence = kept.NextSequence;
        var batch = new List<InventoryItem>(InsertBatch);
        var (items, bytes) = (0, 0L);
        var now = clock.GetUtcNow().UtcDateTime;
        var tooLarge = new List<InventoryItem>();
        var refused = new List<InventoryItem>();

        foreach (var folder in folders.Where(f => !kept.Contains(f.Path.ToString(), FolderKey)))
        {
            // A restarted list keeps entries seen before any mark read now, and they may have changed since: its new
            // folders get no mark, and the first incremental sync lists them whole.
            var mark = kept.Count == 0 ? await MarkAsync(source, folder, cancellationToken) : null;
            batch.Add(SkipIfRefused(FolderItem(context, folder, sequence++, mark), folder.SkipReason, refused, now));
        }
        foreach (var folder in folders.Where(f => f.SkipReason is null))
        {
            var path = folder.Path.ToString();
            await foreach (var message in source.ListMessagesAsync(folder.Path, key => !kept.Contains(path, key), cancellationToken))
            {
                var item = SkipIfRefused(MessageItem(context, message, sequence++, foundByFinalSync: false), message.SkipReason, refused, now);
                if (SkipIfTooLarge(item, now)) tooLarge.Add(item);
                batch.Add(item);
                bytes += message.Size;
                if (batch.Count >= InsertBatch) items += await InsertAsync(context, batch, cancellationToken);
            }
        }
        items += await InsertAsync(context, batch, cancellationToken);

        // Sieve scripts after the messages: they are moved once the mail they file is in place.
        var (scripts, targetTakesRules) = await RuleItems.ReadSourceAsync(stores, context, cancellationToken);
        var rules = scripts.Where(s => !kept.Rules.Contains(s.Name))
            .Select(s => SkipIfRefused(RuleItems.Item(context.MoveId, sequence++, s, foundByFinalSync: false), s.SkipReason, refused, now)).ToList();
        var movableRules = rules.Where(r => r.State == InventoryState.Pending).ToList();
        var skippedNote = targetTakesRules ? null : RuleItems.SkipForMissingTargetSieve(movableRules, now);
        bytes += rules.Sum(r => r.Size);
        batch.AddRange(rules);
        items += await InsertAsync(context, batch, cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var leased = await db.LoadLeasedAsync(context.Lease, cancellationToken);
        leased.RecordInventory(kept.Count + items, kept.Bytes + bytes, now);
        var skippedNow = (skippedNote is null ? 0 : movableRules.Count) + tooLarge.Count + refused.Count;
        if (kept.Moved > 0 || skippedNow > 0)
            leased.RecordProgress(kept.Moved, leased.ItemsSkipped + skippedNow, kept.MovedBytes, now);
        if (skippedNote is not null) leased.Note(now, MoveEventKind.ItemSkipped, skippedNote);
        NoteTooLarge(leased, tooLarge, now);
        NoteRefused(leased, refused, now);
        await db.SaveFencedAsync(context.Lease, cancellationToken);
        return new StoredInventory(false, kept.Count + items, folders.Count, kept.Bytes + bytes, kept.Moved);
    }

    /// <summary>Adds what reached the source since the inventory was taken; returns how many items were new.</summary>
    public async Task<int> AddNewArrivalsAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var known = await KnownItemsAsync(context.MoveId, cancellationToken);
        var sequence = known.NextSequence;
        await using var source = await stores.OpenAsync(context.Source, context.UserId, cancellationToken);
        var folders = FolderOrder.Sort(await source.ListFoldersAsync(cancellationToken));
        var added = new List<InventoryItem>();
        var refused = new List<InventoryItem>();
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var folder in folders.Where(f => !known.Contains(f.Path.ToString(), FolderKey)))
            added.Add(SkipIfRefused(FolderItem(context, folder, sequence++, await MarkAsync(source, folder, cancellationToken)), folder.SkipReason, refused, now));
        foreach (var folder in folders.Where(f => f.SkipReason is null))
        {
            var path = folder.Path.ToString();
            // Unchanged since the mark saved with everything listed up to it: nothing can be new.
            if (known.Marks.GetValueOrDefault(path) is { } saved && await source.ReadMarkAsync(folder.Path, cancellationToken) == saved) continue;
            await foreach (var message in source.ListMessagesAsync(folder.Path, key => !known.Contains(path, key), cancellationToken))
                added.Add(SkipIfRefused(MessageItem(context, message, sequence++, foundByFinalSync: true), message.SkipReason, refused, now));
        }
        var tooLarge = added.Where(item => SkipIfTooLarge(item, now)).ToList();
        // Scripts created at the source since the inventory. A script already moved is not sent again: later edits to it stay at the source.
        var (scripts, targetTakesRules) = await RuleItems.ReadSourceAsync(stores, context, cancellationToken);
        var rules = scripts.Where(s => !known.Rules.Contains(s.Name))
            .Select(s => SkipIfRefused(RuleItems.Item(context.MoveId, sequence++, s, foundByFinalSync: true), s.SkipReason, refused, now)).ToList();
        var movableRules = rules.Where(r => r.State == InventoryState.Pending).ToList();
        var skippedNote = targetTakesRules ? null : RuleItems.SkipForMissingTargetSieve(movableRules, now);
        added.AddRange(rules);
        if (added.Count == 0) return 0;

        await using var save = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await save.LoadLeasedAsync(context.Lease, cancellationToken);
        save.InventoryItems.AddRange(added);
        move.RecordInventory(move.InventoryTotal + added.Count, move.BytesTotal + added.Sum(i => i.Size), now);
        var skippedNow = (skippedNote is null ? 0 : movableRules.Count) + tooLarge.Count + refused.Count;
        if (skippedNow > 0)
            move.RecordProgress(move.ItemsMoved, move.ItemsSkipped + skippedNow, move.BytesMoved, now);
        if (skippedNote is not null) move.Note(now, MoveEventKind.ItemSkipped, skippedNote);
        NoteTooLarge(move, tooLarge, now);
        NoteRefused(move, refused, now);
        await save.SaveFencedAsync(context.Lease, cancellationToken);
        return added.Count;
    }

    /// <summary>A folder's mark, read before its messages are listed, so that a change racing the listing is seen again.</summary>
    private static async Task<string?> MarkAsync(IMailboxSession source, MailFolder folder, CancellationToken cancellationToken) =>
        folder.SkipReason is null ? await source.ReadMarkAsync(folder.Path, cancellationToken) : null;

    /// <summary>A message over the large item limit is skipped at once, with the reason, instead of being attempted.</summary>
    private bool SkipIfTooLarge(InventoryItem item, DateTime now)
    {
        var limit = options.Value.LargeItemLimit;
        if (limit <= 0 || item.Kind != InventoryKind.Message || item.State != InventoryState.Pending || item.Size <= limit) return false;
        item.Skip(SizeLimitActor, NotMovedCategory.TooLarge, $"too large: {Counted.Bytes(item.Size)} is over the large item limit of {Counted.Bytes(limit)}", now);
        return true;
    }

    private void NoteTooLarge(Move move, List<InventoryItem> tooLarge, DateTime now)
    {
        if (tooLarge.Count == 0) return;
        move.Note(now, MoveEventKind.ItemSkipped,
            $"{Counted.Of(tooLarge.Count, "message")} over the large item limit of {Counted.Bytes(options.Value.LargeItemLimit)} skipped as too large: " +
            FirstFew(tooLarge, i => $"{i.SourceKey} in {HeldItems.DisplayFolder(i.FolderPath)} ({Counted.Bytes(i.Size)})"));
    }

    private static InventoryItem SkipIfRefused(InventoryItem item, string? reason, List<InventoryItem> refused, DateTime now)
    {
        if (reason is null) return item;
        // The source's reason is all there is to say about the item: it is its own words.
        item.Skip(SourceRefusalActor, NotMovedCategory.LinkOrOther, reason, now, serverWords: reason);
        refused.Add(item);
        return item;
    }

    private static void NoteRefused(Move move, List<InventoryItem> refused, DateTime now)
    {
        if (refused.Count == 0) return;
        move.Note(now, MoveEventKind.ItemSkipped,
            $"{Counted.Of(refused.Count, "item")} the source post office will not hand over skipped: " +
            FirstFew(refused, i => i.Kind switch
            {
                InventoryKind.Folder => $"the folder {HeldItems.DisplayFolder(i.FolderPath)}, with whatever it holds ({i.LastError})",
                InventoryKind.Rule => $"Sieve script {i.SourceKey} ({i.LastError})",
                _ => $"{i.SourceKey} in {HeldItems.DisplayFolder(i.FolderPath)} ({i.LastError})",
            }));
    }

    /// <summary>A history line names the first few items, not thousands.</summary>
    private static string FirstFew(List<InventoryItem> items, Func<InventoryItem, string> describe) =>
        string.Join("; ", items.Take(5).Select(describe)) + (items.Count > 5 ? $" and {items.Count - 5:N0} more." : ".");

    /// <summary>Who skipped an item the size limit kept out, as Pending Items shows it.</summary>
    public const string SizeLimitActor = "MoveCenter (large item limit)";

    /// <summary>Who skipped an item the source listed but will not hand over, as Pending Items shows it.</summary>
    public const string SourceRefusalActor = "MoveCenter (source post office)";


    /// <summary>A folder's own inventory entry has this source key; messages use the store's key.</summary>
    private const string FolderKey = "";

    /// <summary>The entries a move's inventory already holds: what a new look at the source must not list again.</summary>
    private sealed record KnownItems(
        HashSet<(string Folder, string Key)> Items, HashSet<string> Rules, Dictionary<string, string?> Marks,
        long NextSequence, int Count, long Bytes, int Moved, long MovedBytes)
    {
        public bool Contains(string folder, string key) => Items.Contains((folder, key));
    }

    private async Task<KnownItems> KnownItemsAsync(Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var entries = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId)
            .Select(i => new { i.Kind, i.FolderPath, i.SourceKey, i.Size, i.State, i.Sequence, i.SyncMark }).ToListAsync(cancellationToken);
        var moved = entries.Where(i => i.State == InventoryState.Moved).ToList();
        return new KnownItems(
            entries.Where(i => i.Kind != InventoryKind.Rule).Select(i => (i.FolderPath, i.SourceKey)).ToHashSet(),
            entries.Where(i => i.Kind == InventoryKind.Rule).Select(i => i.SourceKey).ToHashSet(StringComparer.Ordinal),
            entries.Where(i => i.Kind == InventoryKind.Folder).ToDictionary(i => i.FolderPath, i => i.SyncMark, StringComparer.Ordinal),
            entries.Count == 0 ? 0 : entries.Max(i => i.Sequence) + 1,
            entries.Count, entries.Sum(i => i.Size), moved.Count, moved.Sum(i => i.Size));
    }

    private static InventoryItem FolderItem(PhaseContext context, MailFolder folder, long sequence, string? mark) =>
        new(context.MoveId, sequence, InventoryKind.Folder, folder.Path.ToString(), FolderKey, 0)
        {
            Subscribed = folder.Subscribed,
            SpecialUse = (int)folder.SpecialUse,
            SyncMark = mark,
        };

    private static InventoryItem MessageItem(PhaseContext context, MessageSummary message, long sequence, bool foundByFinalSync) =>
        new(context.MoveId, sequence, InventoryKind.Message, message.Folder.ToString(), message.SourceKey, message.Size)
        {
            Flags = (int)message.Flags,
            Keywords = string.Join(' ', message.Keywords),
            InternalDate = message.InternalDate.UtcDateTime,
            MessageId = message.MessageId,
            Subject = message.Subject,
            Sender = message.From,
            FoundByFinalSync = foundByFinalSync,
        };

    /// <summary>
    /// Stores a batch of the list, only while the worker still holds the move; the activity it records tells the
    /// watchdog that a long inventory is still working.
    /// </summary>
    private async Task<int> InsertAsync(PhaseContext context, List<InventoryItem> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return 0;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var count = await db.InTransactionAsync(async () =>
        {
            await db.LockLeasedAsync(context.Lease, clock.GetUtcNow().UtcDateTime, cancellationToken);
            return await db.BulkInsertAsync(batch, cancellationToken);
        }, cancellationToken);
        batch.Clear();
        return count;
    }
}
