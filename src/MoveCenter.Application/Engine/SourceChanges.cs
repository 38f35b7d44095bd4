using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Common;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

public sealed record SourceChangeCounts(int Expunged, int Reflagged, int FoldersRemoved, int Rematched)
{
    public string Describe() =>
        $"{Counted.Of(Expunged, "message")} expunged at the source removed, {Counted.Of(Reflagged, "flag change")} carried, "
        + $"{Counted.Of(FoldersRemoved, "folder")} gone at the source removed"
        + (Rematched > 0 ? $", {Counted.Of(Rematched, "message")} found again under new keys (UIDVALIDITY changed) and not copied twice." : ".");
}

/// <summary>What one change pass found, and the marks to save for its folders once everything it found is recorded.</summary>
public sealed record SourceChangePass(SourceChangeCounts Counts, IReadOnlyDictionary<long, string?> Marks);

/// <summary>
/// What changed at the source since the last sync of a copy-first move, applied to the target and then to the
/// inventory: messages expunged at the source are removed at the target, flags and keywords set anew, folders gone at
/// the source deleted. The inventory and the migrated-item records are the sync state: each message's key, folder and
/// flags as seen last time, and where it landed. The target is changed before the state, and every change finds its
/// messages by target key and passes over what is gone, so a sync broken off anywhere is simply done again. Only what
/// the migrated-item records say MoveCenter put at the target is ever removed there. Each folder is asked only for what
/// changed since its mark (the store lists it whole when it keeps no marks), and the new marks are saved by
/// <see cref="SaveMarksAsync"/> only once the pass's new arrivals are inventoried too.
/// </summary>
public sealed class SourceChanges(IDbContextFactory<MoveCenterDbContext> dbFactory, IMailStoreFactory stores, TimeProvider clock, ILogger<SourceChanges> logger)
{
    public async Task<SourceChangePass> ApplyAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var known = await SyncState.LoadAsync(dbFactory, context.MoveId, cancellationToken);
        var plan = new SyncPlan();
        var marks = new Dictionary<long, string?>();
        await using (var source = await stores.OpenAsync(context.Source, context.UserId, cancellationToken))
        await using (var target = await stores.OpenAsync(context.Target, context.UserId, cancellationToken))
        {
            var sourceFolders = (await source.ListFoldersAsync(cancellationToken)).ToDictionary(f => f.Path.ToString(), StringComparer.Ordinal);
            // Children before parents, so a parent is never deleted under a child still to be handled.
            foreach (var gone in known.Folders.Where(f => !sourceFolders.ContainsKey(f.FolderPath)).OrderByDescending(f => f.FolderPath.Length))
                await RemoveFolderAsync(target, gone, known.MessagesIn(gone.FolderPath), plan, cancellationToken);
            foreach (var folder in known.Folders.Where(f => sourceFolders.TryGetValue(f.FolderPath, out var seen) && seen.SkipReason is null))
            {
                var mark = await CompareFolderAsync(source, target, folder, known.MessagesIn(folder.FolderPath), plan, cancellationToken);
                if (mark != folder.SyncMark) marks[folder.Id] = mark;
            }
        }
        if (!plan.IsEmpty) await plan.SaveAsync(dbFactory, context, clock.GetUtcNow().UtcDateTime, cancellationToken);
        return new SourceChangePass(plan.Counts, marks);
    }

    /// <summary>
    /// Saves the folders' new marks. Called only when all the pass found is recorded (the changes applied and saved, the
    /// new arrivals inventoried): a crash before leaves the old marks, and the next pass finds the same changes again.
    /// </summary>
    public async Task SaveMarksAsync(PhaseContext context, IReadOnlyDictionary<long, string?> marks, CancellationToken cancellationToken)
    {
        if (marks.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.LoadLeasedAsync(context.Lease, cancellationToken);
        var ids = marks.Keys.ToList();
        foreach (var folder in await db.InventoryItems.Where(i => i.MoveId == context.MoveId && ids.Contains(i.Id)).ToListAsync(cancellationToken))
            folder.SyncMark = marks[folder.Id];
        await db.SaveFencedAsync(context.Lease, cancellationToken);
    }

    /// <summary>
    /// A folder gone at the source goes at the target with the messages in it. A special-use folder maps to the
    /// target's own (its Sent, its Trash), which MoveCenter did not make: there only the messages it put there go.
    /// </summary>
    private async Task RemoveFolderAsync(IMailboxSession target, SyncedItem folder, IReadOnlyList<SyncedItem> messages, SyncPlan plan, CancellationToken cancellationToken)
    {
        if (folder.State == InventoryState.Moved)
        {
            await target.EnsureFolderAsync(folder.AsMailFolder(), cancellationToken);
            if (folder.SpecialUse == SpecialUse.None) await target.DeleteFolderAsync(folder.Path, cancellationToken);
            else await RemoveDeliveredAsync(target, messages, cancellationToken);
        }
        logger.LogInformation("Folder {Folder} is gone at the source; removed at the target with its {Count} messages", folder.FolderPath, messages.Count);
        plan.ForgetFolder(folder, messages);
    }

    /// <summary>
    /// Compares one folder with what the last sync saw and returns the mark to save for it: null when something found
    /// is left for a later pass, so that pass lists the folder whole instead of finding it unchanged.
    /// </summary>
    private async Task<string?> CompareFolderAsync(
        IMailboxSession source, IMailboxSession target, SyncedItem folder, IReadOnlyList<SyncedItem> messages, SyncPlan plan, CancellationToken cancellationToken)
    {
        var listed = await source.ListChangesAsync(folder.Path, folder.SyncMark, cancellationToken);
        if (listed.Unchanged) return listed.Mark;
        var states = listed.Changed.ToDictionary(s => s.Key, StringComparer.Ordinal);
        var missing = messages.Where(m => !listed.Present.Contains(m.SourceKey)).ToList();
        var current = messages.Where(m => listed.Present.Contains(m.SourceKey)).Select(m => (Item: m, Key: m.SourceKey)).ToList();
        if (missing.Count > 0)
        {
            var known = messages.Select(m => m.SourceKey).ToHashSet(StringComparer.Ordinal);
            var fresh = listed.Present.Where(k => !known.Contains(k)).ToHashSet(StringComparer.Ordinal);
            foreach (var (item, key) in await RematchAsync(source, folder.Path, missing, fresh, cancellationToken))
            {
                plan.Rekey(item, key);
                missing.Remove(item);
                current.Add((item, key));
            }
        }

        // A message not listed as changed has the flags the last sync saw.
        var changed = current.Where(c => states.TryGetValue(c.Key, out var state) && !c.Item.HasFlags(state)).ToList();
        foreach (var (item, key) in changed) plan.Reflag(item, states[key]);
        var reflag = changed.Where(c => c.Item is { State: InventoryState.Moved, TargetKey: not null })
            .GroupBy(c => c.Item.TargetFolder!)
            .Select(inFolder => (Folder: inFolder.Key, Changes: inFolder.Select(c => new FlagChange(c.Item.TargetKey!, states[c.Key].Flags, states[c.Key].Keywords)).ToList()))
            .ToList();
        // An item in flight may have arrived at the target or not: the transfer settles it first, the next sync removes it.
        var expunged = missing.Where(m => m.State == InventoryState.Moved || !m.InFlight).ToList();
        // Asked again each run, so that a store that maps special-use folders to the target's own names knows the mapping.
        if (folder.State == InventoryState.Moved && (reflag.Count > 0 || expunged.Any(m => m.State == InventoryState.Moved)))
            await target.EnsureFolderAsync(folder.AsMailFolder(), cancellationToken);
        foreach (var (targetFolder, changes) in reflag)
            await target.SetFlagsAsync(FolderPath.Parse(targetFolder), changes, cancellationToken);
        await RemoveDeliveredAsync(target, expunged, cancellationToken);
        plan.ForgetExpunged(expunged);
        return expunged.Count == missing.Count ? listed.Mark : null;
    }

    private static async Task RemoveDeliveredAsync(IMailboxSession target, IReadOnlyList<SyncedItem> messages, CancellationToken cancellationToken)
    {
        foreach (var inFolder in messages.Where(m => m is { State: InventoryState.Moved, TargetKey: not null }).GroupBy(m => m.TargetFolder!))
            await target.RemoveMessagesAsync(FolderPath.Parse(inFolder.Key), inFolder.Select(m => m.TargetKey!).ToList(), cancellationToken);
    }

    /// <summary>
    /// Keys gone and keys new in one folder: a new UIDVALIDITY gives every message a new key. Each message not seen
    /// any more is matched, in inventory order, to one new message with the same Message-ID, size and internal date, as
    /// the resume after a crash matches; identical copies are paired one to one, so none is doubled or lost.
    /// </summary>
    private static async Task<List<(SyncedItem Item, string Key)>> RematchAsync(
        IMailboxSession source, FolderPath folder, List<SyncedItem> missing, HashSet<string> fresh, CancellationToken cancellationToken)
    {
        var matched = new List<(SyncedItem, string)>();
        if (fresh.Count == 0) return matched;
        var candidates = new List<MessageSummary>();
        await foreach (var message in source.ListMessagesAsync(folder, fresh.Contains, cancellationToken)) candidates.Add(message);
        foreach (var item in missing)
        {
            var match = candidates.FirstOrDefault(c => c.MessageId == item.MessageId && c.Size == item.Size
                && item.InternalDate is { } date && Math.Abs((c.InternalDate.UtcDateTime - date).TotalSeconds) < 1);
            if (match is null) continue;
            candidates.Remove(match);
            matched.Add((item, match.SourceKey));
        }
        return matched;
    }
}
