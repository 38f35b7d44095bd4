using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

public sealed record TransferResult(int Moved, int AlreadyAtTarget, long Bytes)
{
    public string Describe() =>
        $"{Moved:N0} items moved ({Bytes / 1024.0 / 1024.0:N1} MB)" + (AlreadyAtTarget > 0 ? $", {AlreadyAtTarget:N0} found already at the target." : ".");
}

/// <summary>
/// Moves a move's pending inventory: folders first, then messages in blocks. An item counts as moved only once the
/// target confirmed it, and that is recorded in the same transaction as the move's progress.
/// </summary>
public sealed class ItemTransfer(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IMailStoreFactory stores,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<ItemTransfer> logger)
{
    public async Task<TransferResult> TransferPendingAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var source = await stores.OpenAsync(context.Source, context.UserId, cancellationToken);
        await using var target = await stores.OpenAsync(context.Target, context.UserId, cancellationToken);
        var total = new TransferResult(0, 0, 0);

        var folders = await PendingAsync(context, InventoryKind.Folder, int.MaxValue, cancellationToken);
        if (folders.Count > 0) total = Add(total, await CreateFoldersAsync(context, target, folders, cancellationToken));

        while (await PendingAsync(context, InventoryKind.Message, options.Value.BlockSize, cancellationToken) is { Count: > 0 } block)
        {
            foreach (var inFolder in block.GroupBy(i => i.FolderPath))
                total = Add(total, await TransferFolderBlockAsync(context, source, target, FolderPath.Parse(inFolder.Key), inFolder.ToList(), cancellationToken));
        }

        await ThrowIfItemsHoldTheMoveAsync(context, cancellationToken);
        return total;
    }

    private async Task<TransferResult> CreateFoldersAsync(PhaseContext context, IMailboxSession target, List<InventoryItem> folders, CancellationToken cancellationToken)
    {
        foreach (var folder in folders)
            await target.EnsureFolderAsync(new MailFolder(FolderPath.Parse(folder.FolderPath), folder.Subscribed, (SpecialUse)folder.SpecialUse), cancellationToken);
        var delivered = folders.Select(f => AppendOutcome.Success(DeliveryKey(context, f), f.FolderPath)).ToList();
        return await RecordAsync(context, folders, delivered, found: new Dictionary<string, string>(), cancellationToken);
    }

    private async Task<TransferResult> TransferFolderBlockAsync(
        PhaseContext context, IMailboxSession source, IMailboxSession target, FolderPath folder, List<InventoryItem> items, CancellationToken cancellationToken)
    {
        var outgoing = items.ToDictionary(i => DeliveryKey(context, i), i => ToOutgoing(context, source, folder, i));

        // An item still in flight from an earlier run has an unknown outcome: find it at the target before sending it again.
        var unknown = items.Where(i => i.InFlight).Select(i => outgoing[DeliveryKey(context, i)]).ToList();
        var found = unknown.Count > 0 ? await target.FindDeliveredAsync(folder, unknown, cancellationToken) : new Dictionary<string, string>();
        var toSend = outgoing.Values.Where(o => !found.ContainsKey(o.DeliveryKey)).ToList();
        if (found.Count > 0)
            logger.LogInformation("{Count} items of folder {Folder} were already at the target from an interrupted run; not sent again", found.Count, folder);

        var sendingIds = items.Where(i => !found.ContainsKey(DeliveryKey(context, i))).Select(i => i.Id).ToList();
        await MarkInFlightAsync(sendingIds, cancellationToken);
        var outcomes = toSend.Count > 0 ? await target.AppendAsync(folder, toSend, cancellationToken) : [];
        return await RecordAsync(context, items, outcomes, found, cancellationToken);
    }

    private async Task<TransferResult> RecordAsync(
        PhaseContext context, List<InventoryItem> items, IReadOnlyList<AppendOutcome> outcomes, IReadOnlyDictionary<string, string> found, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
        var move = await db.LoadLeasedAsync(context.Lease, CancellationToken.None);
        var ids = items.Select(i => i.Id).ToList();
        var tracked = await db.InventoryItems.Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, CancellationToken.None);
        var byKey = items.ToDictionary(i => DeliveryKey(context, i), i => tracked[i.Id]);
        var now = clock.GetUtcNow().UtcDateTime;
        var (moved, bytes) = (0, 0L);

        void Arrived(InventoryItem item, string targetKey)
        {
            item.MarkMoved(now);
            db.MigratedItems.Add(new MigratedItem(context.MoveId, item.Id, item.FolderPath, targetKey, item.Size, now));
            moved++;
            bytes += item.Size;
        }

        foreach (var (key, targetKey) in found) Arrived(byKey[key], targetKey);
        foreach (var outcome in outcomes)
        {
            var item = byKey[outcome.DeliveryKey];
            if (outcome.Delivered)
            {
                Arrived(item, outcome.TargetKey!);
                continue;
            }
            item.RecordFailure(outcome.Error!, context.Options.BadItemLimit, now);
            logger.LogWarning("Item {SourceKey} in {Folder} failed (attempt {Attempt} of {Limit}): {Error}",
                item.SourceKey, item.FolderPath, item.Attempts, context.Options.BadItemLimit, outcome.Error);
            move.Note(now, MoveEventKind.ItemFailed, $"Item {item.SourceKey} in {DisplayFolder(item.FolderPath)} failed (attempt {item.Attempts} of {context.Options.BadItemLimit}): {outcome.Error}");
        }

        move.RecordProgress(move.ItemsMoved + moved, move.ItemsSkipped, move.BytesMoved + bytes, now);
        await db.SaveFencedAsync(context.Lease, CancellationToken.None);
        cancellationToken.ThrowIfCancellationRequested();
        return new TransferResult(moved - found.Count, found.Count, bytes);
    }

    private async Task ThrowIfItemsHoldTheMoveAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var failed = await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == context.MoveId && i.State == InventoryState.Failed)
            .OrderBy(i => i.Sequence)
            .ToListAsync(cancellationToken);
        if (failed.Count == 0) return;
        var first = failed[0];
        var others = failed.Count > 1 ? $" ({failed.Count - 1:N0} more items failed too)" : "";
        throw new MoveStallException(
            $"Item {first.SourceKey} in {DisplayFolder(first.FolderPath)} could not be moved after {first.Attempts} attempts: {first.LastError}{others}. " +
            "Skip it to move on without it, Force Complete to finish without the remaining items, or Retry after fixing the cause.");
    }

    private async Task<List<InventoryItem>> PendingAsync(PhaseContext context, InventoryKind kind, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == context.MoveId && i.Kind == kind && i.State == InventoryState.Pending)
            .OrderBy(i => i.Sequence)
            .Take(take)
            .ToListAsync(cancellationToken);
    }

    private async Task MarkInFlightAsync(List<long> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0) return;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InventoryItems.Where(i => ids.Contains(i.Id)).ExecuteUpdateAsync(s => s.SetProperty(i => i.InFlight, true), cancellationToken);
    }

    private static OutgoingMessage ToOutgoing(PhaseContext context, IMailboxSession source, FolderPath folder, InventoryItem item) => new(
        DeliveryKey(context, item),
        item.Size,
        (MessageFlags)item.Flags,
        item.Keywords.Length == 0 ? [] : item.Keywords.Split(' '),
        new DateTimeOffset(item.InternalDate ?? DateTime.UnixEpoch, TimeSpan.Zero),
        item.MessageId,
        ct => source.OpenMessageAsync(folder, item.SourceKey, ct));

    /// <summary>Stable per item across retries and restarts, and a valid Maildir unique name.</summary>
    private static string DeliveryKey(PhaseContext context, InventoryItem item) =>
        item.Kind == InventoryKind.Folder
            ? $"folder-{item.Id}"
            : $"{new DateTimeOffset(item.InternalDate ?? DateTime.UnixEpoch, TimeSpan.Zero).ToUnixTimeSeconds()}.MC{context.MoveId:N}_{item.Id}.movecenter,S={item.Size}";

    private static string DisplayFolder(string storedPath) => storedPath.Length == 0 ? "Inbox" : storedPath;

    private static TransferResult Add(TransferResult a, TransferResult b) => new(a.Moved + b.Moved, a.AlreadyAtTarget + b.AlreadyAtTarget, a.Bytes + b.Bytes);
}
