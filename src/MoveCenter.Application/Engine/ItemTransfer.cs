using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MoveCenter.Application.Common;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

public sealed record TransferResult(int Moved, int AlreadyAtTarget, long Bytes)
{
    public static readonly TransferResult None = new(0, 0, 0);

    public string Describe() =>
        $"{Counted.Of(Moved, "item")} moved ({Counted.Megabytes(Bytes)})" + (AlreadyAtTarget > 0 ? $", {AlreadyAtTarget:N0} found already at the target." : ".");

    public TransferResult Add(TransferResult other) => new(Moved + other.Moved, AlreadyAtTarget + other.AlreadyAtTarget, Bytes + other.Bytes);
}

/// <summary>
/// Moves a move's pending inventory: the folder tree first, then messages in blocks, one block per connection at a
/// time. An item counts as moved only once the target confirmed it, recorded in the same transaction as the move's
/// progress.
/// </summary>
public sealed class ItemTransfer(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IMailStoreFactory stores,
    RestartTriggers restartTriggers,
    ByteRateLimits rateLimits,
    IOptions<EngineOptions> options,
    TimeProvider clock,
    ILogger<ItemTransfer> logger)
{
    public async Task<TransferResult> TransferPendingAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var lanes = await LanesAsync(context, cancellationToken);
        if (lanes == 0)
        {
            // Nothing to send, as in most final syncs: logging in and asking for every folder again would be a small
            // move's largest cost at the target in this phase.
            await HeldItems.ThrowIfAnyAsync(dbFactory, context.MoveId, InventoryKind.Message, cancellationToken);
            return TransferResult.None;
        }
        await using var sessions = await MailboxSessionPairs.OpenAsync(stores, context, lanes, cancellationToken);
        using var recording = new SemaphoreSlim(1, 1);
        var total = await EnsureFoldersAsync(context, sessions.Pairs[0].Target, recording, cancellationToken);
        // Settled before any lane sends: a copy this run appends would otherwise be counted as one the interrupted run delivered.
        total = total.Add(await SettleInFlightAsync(context, sessions.Pairs[0], recording, cancellationToken));

        // A pass goes once through the pending items; an item that failed below the bad item limit is still pending and
        // is tried again by the next pass.
        while (await PendingMessagesAsync(context, after: -1, take: 1, cancellationToken) is { Count: > 0 })
        {
            var pass = new BlockCursor(() => context.Windows.ClosedAt(clock.GetUtcNow()));
            var pace = new TransferPace(ct => rateLimits.ShareAsync(context.Source, context.Target, ct), clock, options.Value.ProgressTimeout / 2);
            var results = await Task.WhenAll(sessions.Pairs.Select(pair => TransferLaneAsync(context, pair, pass, pace, recording, cancellationToken)));
            total = results.Aggregate(total, (sum, result) => sum.Add(result));
            if (pass.WindowClosed is { } closed)
            {
                logger.LogInformation("Move {MoveId} stops after {Moved} items: {Reason}", context.MoveId, total.Moved, closed.Reason);
                throw new MoveWindowClosedException(closed);
            }
        }

        await HeldItems.ThrowIfAnyAsync(dbFactory, context.MoveId, InventoryKind.Message, cancellationToken);
        return total;
    }

    /// <summary>
    /// Creates the folder tree at the target. Every run asks for every folder again (cheap, and safe to repeat), so a
    /// connector that maps special-use folders to the target's own names knows the mapping after a restart too.
    /// </summary>
    private async Task<TransferResult> EnsureFoldersAsync(PhaseContext context, IMailboxSession target, SemaphoreSlim recording, CancellationToken cancellationToken)
    {
        List<InventoryItem> folders;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            folders = await db.InventoryItems.AsNoTracking()
                .Where(i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Folder)
                .OrderBy(i => i.Sequence)
                .ToListAsync(cancellationToken);
        // A folder skipped at the source is not made at the target, where it would only stand empty.
        foreach (var folder in folders.Where(f => f.State != InventoryState.Skipped))
            await target.EnsureFolderAsync(new MailFolder(FolderPath.Parse(folder.FolderPath), folder.Subscribed, (SpecialUse)folder.SpecialUse), cancellationToken);

        var pending = folders.Where(f => f.State == InventoryState.Pending).ToList();
        if (pending.Count == 0) return TransferResult.None;
        var created = pending.Select(f => AppendOutcome.Success(DeliveryKey(context, f), f.FolderPath)).ToList();
        return await RecordAsync(context, pending, created, new Dictionary<string, string>(), recording);
    }

    /// <summary>
    /// One connection pair takes the next block as soon as it is free, so a lane busy with a large message does not hold
    /// the others back until it is done.
    /// </summary>
    private async Task<TransferResult> TransferLaneAsync(
        PhaseContext context, MailboxSessionPair sessions, BlockCursor pass, TransferPace pace, SemaphoreSlim recording, CancellationToken cancellationToken)
    {
        var total = TransferResult.None;
        while (await pass.NextAsync(after => PendingMessagesAsync(context, after, options.Value.BlockSize, cancellationToken), cancellationToken) is { Length: > 0 } block)
        {
            var moved = await TransferSliceAsync(context, sessions, block, recording, cancellationToken);
            total = total.Add(moved);
            await pace.AfterAsync(moved.Bytes, cancellationToken);
        }
        return total;
    }

    /// <summary>
    /// Hands out consecutive blocks of pending items, each to one lane, until a move window closes: then no lane gets
    /// another block, and each finishes the one it has, so the move stops at a block's end.
    /// </summary>
    private sealed class BlockCursor(Func<WindowClosed?> windowCheck)
    {
        private readonly SemaphoreSlim _gate = new(1, 1);
        private long _after = -1;

        public WindowClosed? WindowClosed { get; private set; }

        public async Task<InventoryItem[]> NextAsync(Func<long, Task<List<InventoryItem>>> read, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken);
            try
            {
                WindowClosed ??= windowCheck();
                if (WindowClosed is not null) return [];
                var block = await read(_after);
                if (block.Count > 0) _after = block[^1].Sequence;
                return [.. block];
            }
            finally
            {
                _gate.Release();
            }
        }
    }

    /// <summary>
    /// Sends a block folder by folder and records it once: a small mailbox's block spans all its folders, and a record
    /// per folder would be most of a small move's database work. The whole block is marked in flight before the first
    /// append, so whatever a crash leaves unrecorded is looked for at the target before anything is sent again.
    /// </summary>
    private async Task<TransferResult> TransferSliceAsync(
        PhaseContext context, MailboxSessionPair sessions, InventoryItem[] slice, SemaphoreSlim recording, CancellationToken cancellationToken)
    {
        await MarkInFlightAsync(slice.Select(i => i.Id).ToList(), cancellationToken);
        var sent = new List<InventoryItem>();
        var outcomes = new List<AppendOutcome>();
        try
        {
            foreach (var inFolder in slice.GroupBy(i => i.FolderPath))
            {
                var folder = FolderPath.Parse(inFolder.Key);
                var items = inFolder.ToList();
                sessions.Source.ExpectReads(folder, items.Select(i => new PlannedRead(i.SourceKey, i.Size)).ToList());
                outcomes.AddRange(await sessions.Target.AppendAsync(folder, items.Select(i => ToOutgoing(context, sessions.Source, folder, i)).ToList(), cancellationToken));
                sent.AddRange(items);
            }
        }
        catch when (sent.Count > 0)
        {
            // What the target confirmed before the failure is recorded, so that it is not looked for again.
            await RecordAsync(context, sent, outcomes, new Dictionary<string, string>(), recording);
            throw;
        }
        var result = await RecordAsync(context, sent, outcomes, new Dictionary<string, string>(), recording);
        cancellationToken.ThrowIfCancellationRequested();
        var restart = outcomes.Where(o => !o.Delivered).Select(o => (o.Error, o.DeliveryKey, Trigger: restartTriggers.Match(o.Error!))).FirstOrDefault(o => o.Trigger is not null);
        if (restart.Trigger is not null)
        {
            var folder = sent.Single(i => DeliveryKey(context, i) == restart.DeliveryKey).FolderPath;
            throw new RestartRequestedException(
                $"{restart.Trigger} is an error that restarts the move: a message in {HeldItems.DisplayFolder(folder)} was refused: {restart.Error}");
        }
        return result;
    }

    /// <summary>Records a block's outcomes, one lane at a time: each record is a fenced change of the move.</summary>
    private async Task<TransferResult> RecordAsync(
        PhaseContext context, List<InventoryItem> items, IReadOnlyList<AppendOutcome> outcomes, IReadOnlyDictionary<string, string> found, SemaphoreSlim recording)
    {
        // Outcomes the target confirmed are recorded even when the node is stopping: they are facts about the target.
        await recording.WaitAsync(CancellationToken.None);
        try
        {
            await using var db = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            return await db.InTransactionAsync(async () =>
            {
                var move = await db.LoadLeasedAsync(context.Lease, CancellationToken.None);
                var byKey = items.ToDictionary(i => DeliveryKey(context, i));
                var now = clock.GetUtcNow().UtcDateTime;

                var arrived = found.Select(f => (Item: byKey[f.Key], TargetKey: f.Value))
                    .Concat(outcomes.Where(o => o.Delivered).Select(o => (Item: byKey[o.DeliveryKey], TargetKey: o.TargetKey!)))
                    .ToList();
                // Arrivals are the bulk of every block: written as one update and one multi-row insert, not entity by entity.
                var arrivedIds = arrived.Select(a => a.Item.Id).ToList();
                await db.InventoryItems.Where(i => arrivedIds.Contains(i.Id)).ExecuteUpdateAsync(s => s
                    .SetProperty(i => i.State, InventoryState.Moved)
                    .SetProperty(i => i.InFlight, false)
                    .SetProperty(i => i.LastAttemptAt, now)
                    .SetProperty(i => i.LastError, (string?)null)
                    .SetProperty(i => i.Category, (NotMovedCategory?)null)
                    .SetProperty(i => i.ServerWords, (string?)null), CancellationToken.None);
                await db.BulkInsertAsync(arrived.Select(a => new MigratedItem(context.MoveId, a.Item.Id, a.Item.FolderPath, a.TargetKey, a.Item.Size, now)).ToList(),
                    CancellationToken.None);
                var (moved, bytes) = (arrived.Count, arrived.Sum(a => a.Item.Size));

                var failures = outcomes.Where(o => !o.Delivered).ToList();
                var failedIds = failures.Select(o => byKey[o.DeliveryKey].Id).ToList();
                var tracked = failedIds.Count == 0
                    ? []
                    : await db.InventoryItems.Where(i => failedIds.Contains(i.Id)).ToDictionaryAsync(i => i.Id, CancellationToken.None);
                foreach (var outcome in failures)
                {
                    var item = tracked[byKey[outcome.DeliveryKey].Id];
                    if (restartTriggers.Match(outcome.Error!) is not null)
                    {
                        // Listed to restart the move: a passing condition of the server, not a fault of this item.
                        item.RecordInterruption(outcome.Error!, now);
                        continue;
                    }
                    item.RecordFailure(outcome.Error!, outcome.FailedAtSource ? NotMovedCategory.UnreadableAtSource : NotMovedCategory.RefusedByTarget,
                        context.Options.BadItemLimit, now);
                    logger.LogWarning("Item {SourceKey} in {Folder} failed (attempt {Attempt} of {Limit}): {Error}",
                        item.SourceKey, HeldItems.DisplayFolder(item.FolderPath), item.Attempts, context.Options.BadItemLimit, outcome.Error);
                    move.Note(now, MoveEventKind.ItemFailed,
                        $"Item {item.SourceKey} in {HeldItems.DisplayFolder(item.FolderPath)} failed (attempt {item.Attempts} of {context.Options.BadItemLimit}): {outcome.Error}");
                }

                move.RecordProgress(move.ItemsMoved + moved, move.ItemsSkipped, move.BytesMoved + bytes, now);
                await db.SaveFencedAsync(context.Lease, CancellationToken.None);
                return new TransferResult(moved - found.Count, found.Count, bytes);
            }, CancellationToken.None);
        }
        finally
        {
            recording.Release();
        }
    }

    /// <summary>
    /// Items still in flight from an interrupted run have an unknown outcome: those found at the target are recorded
    /// as moved, the others stay pending and are sent again.
    /// </summary>
    private async Task<TransferResult> SettleInFlightAsync(
        PhaseContext context, MailboxSessionPair sessions, SemaphoreSlim recording, CancellationToken cancellationToken)
    {
        List<InventoryItem> inFlight, delivered;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var messages = db.InventoryItems.AsNoTracking().Where(i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Message);
            inFlight = await messages.Where(i => i.State == InventoryState.Pending && i.InFlight).OrderBy(i => i.Sequence).ToListAsync(cancellationToken);
            if (inFlight.Count == 0) return TransferResult.None;
            var folders = inFlight.Select(i => i.FolderPath).Distinct().ToList();
            var messageIds = inFlight.Where(i => i.MessageId != null).Select(i => i.MessageId).Distinct().ToList();
            var datesWithoutMessageId = inFlight.Where(i => i.MessageId == null).Select(i => i.InternalDate).Distinct().ToList();
            delivered = await messages
                .Where(i => i.State == InventoryState.Moved && folders.Contains(i.FolderPath)
                    && (i.MessageId != null ? messageIds.Contains(i.MessageId) : datesWithoutMessageId.Contains(i.InternalDate)))
                .OrderBy(i => i.Sequence)
                .ToListAsync(cancellationToken);
        }

        var total = TransferResult.None;
        foreach (var inFolder in inFlight.GroupBy(i => i.FolderPath))
        {
            var folder = FolderPath.Parse(inFolder.Key);
            var unknown = inFolder.Select(i => ToOutgoing(context, sessions.Source, folder, i)).ToList();
            // Identical copies match the same target messages, so they are counted, not looked up one by one: the
            // finder gives each target message to one candidate in order, and the copies already recorded as delivered
            // come first to take theirs. Only what the target holds beyond them arrived from the interrupted run.
            var claimed = delivered.Where(i => i.FolderPath == inFolder.Key).Select(i => ToOutgoing(context, sessions.Source, folder, i));
            var found = await sessions.Target.FindDeliveredAsync(folder, [.. claimed, .. unknown], cancellationToken);
            var arrived = unknown.Where(o => found.ContainsKey(o.DeliveryKey)).ToDictionary(o => o.DeliveryKey, o => found[o.DeliveryKey]);
            if (arrived.Count == 0) continue;
            logger.LogInformation("{Count} items of folder {Folder} were already at the target from an interrupted run; not sent again", arrived.Count, folder);
            total = total.Add(await RecordAsync(context, [.. inFolder], [], arrived, recording));
        }
        return total;
    }

    /// <summary>
    /// One connection pair per block still to move, up to the configured number: a lane takes a block at a time, so more
    /// lanes than blocks would only log in and wait. A small mailbox, or a final sync with little new, needs one; with no
    /// folder or message pending there is nothing to send and none is needed.
    /// </summary>
    private async Task<int> LanesAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pending = await db.InventoryItems
            .CountAsync(i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Message && i.State == InventoryState.Pending, cancellationToken);
        if (pending == 0 && !await db.InventoryItems.AnyAsync(
                i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Folder && i.State == InventoryState.Pending, cancellationToken))
            return 0;
        var blocks = (pending + options.Value.BlockSize - 1) / options.Value.BlockSize;
        return Math.Clamp(blocks, 1, Math.Max(1, options.Value.ConnectionsPerMove));
    }

    private async Task<List<InventoryItem>> PendingMessagesAsync(PhaseContext context, long after, int take, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == context.MoveId && i.Kind == InventoryKind.Message && i.State == InventoryState.Pending && i.Sequence > after)
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

}
