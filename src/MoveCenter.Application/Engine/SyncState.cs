using Microsoft.EntityFrameworkCore;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine;

/// <summary>One folder or message of a copy-first move as the last sync left it, with where it landed at the target.</summary>
internal sealed record SyncedItem(
    long Id, InventoryKind Kind, string FolderPath, string SourceKey, long Size, int Flags, string Keywords, DateTime? InternalDate,
    string? MessageId, InventoryState State, bool InFlight, bool Subscribed, int SpecialUseValue, string? SyncMark, string? TargetFolder, string? TargetKey)
{
    public FolderPath Path => Connectors.FolderPath.Parse(FolderPath);

    public SpecialUse SpecialUse => (SpecialUse)SpecialUseValue;

    public MailFolder AsMailFolder() => new(Path, Subscribed, SpecialUse);

    public bool HasFlags(MessageState state) =>
        Flags == (int)state.Flags && Keywords == SyncState.KeywordsOf(state);
}

/// <summary>The sync state of a copy-first move: its inventory (folders and messages) and its migrated-item records.</summary>
internal sealed class SyncState(List<SyncedItem> items)
{
    private readonly ILookup<string, SyncedItem> _messagesByFolder = items.Where(i => i.Kind == InventoryKind.Message).ToLookup(i => i.FolderPath);

    public IReadOnlyList<SyncedItem> Folders { get; } = items.Where(i => i.Kind == InventoryKind.Folder).ToList();

    public IReadOnlyList<SyncedItem> MessagesIn(string folder) => _messagesByFolder[folder].ToList();

    /// <summary>Keywords as the inventory stores them, in an order that does not depend on the store's.</summary>
    public static string KeywordsOf(MessageState state) => string.Join(' ', state.Keywords.Order(StringComparer.Ordinal));

    public static async Task<SyncState> LoadAsync(IDbContextFactory<MoveCenterDbContext> dbFactory, Guid moveId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var landed = await db.MigratedItems.AsNoTracking().Where(m => m.MoveId == moveId)
            .Select(m => new { m.InventoryItemId, m.TargetFolder, m.TargetKey })
            .ToDictionaryAsync(m => m.InventoryItemId, cancellationToken);
        var items = await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId && i.Kind != InventoryKind.Rule)
            .OrderBy(i => i.Sequence)
            .Select(i => new { i.Id, i.Kind, i.FolderPath, i.SourceKey, i.Size, i.Flags, i.Keywords, i.InternalDate, i.MessageId, i.State, i.InFlight, i.Subscribed, i.SpecialUse, i.SyncMark })
            .ToListAsync(cancellationToken);
        return new SyncState(items.Select(i =>
        {
            var target = landed.GetValueOrDefault(i.Id);
            var keywords = string.Join(' ', i.Keywords.Split(' ', StringSplitOptions.RemoveEmptyEntries).Order(StringComparer.Ordinal));
            return new SyncedItem(i.Id, i.Kind, i.FolderPath, i.SourceKey, i.Size, i.Flags, keywords, i.InternalDate, i.MessageId, i.State, i.InFlight,
                i.Subscribed, i.SpecialUse, i.SyncMark, target?.TargetFolder, target?.TargetKey);
        }).ToList());
    }
}

/// <summary>The changes one sync makes to the sync state, saved in one fenced transaction once the target has them.</summary>
internal sealed class SyncPlan
{
    private const int Chunk = 500;

    private readonly Dictionary<long, string> _rekeyed = [];
    private readonly Dictionary<long, MessageState> _reflagged = [];
    private readonly List<SyncedItem> _forgotten = [];
    private int _expunged;
    private int _foldersRemoved;

    public bool IsEmpty => _rekeyed.Count == 0 && _reflagged.Count == 0 && _forgotten.Count == 0;

    public SourceChangeCounts Counts => new(_expunged, _reflagged.Count, _foldersRemoved, _rekeyed.Count);

    public void Rekey(SyncedItem item, string key) => _rekeyed[item.Id] = key;

    public void Reflag(SyncedItem item, MessageState state) => _reflagged[item.Id] = state;

    public void ForgetExpunged(IReadOnlyList<SyncedItem> messages)
    {
        _forgotten.AddRange(messages);
        _expunged += messages.Count;
    }

    public void ForgetFolder(SyncedItem folder, IReadOnlyList<SyncedItem> messages)
    {
        _forgotten.Add(folder);
        _forgotten.AddRange(messages);
        _foldersRemoved++;
    }

    public async Task SaveAsync(IDbContextFactory<MoveCenterDbContext> dbFactory, PhaseContext context, DateTime now, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await db.InTransactionAsync(async () =>
        {
            var move = await db.LoadLeasedAsync(context.Lease, cancellationToken);
            foreach (var chunk in _rekeyed.Keys.Union(_reflagged.Keys).Chunk(Chunk))
            {
                foreach (var item in await db.InventoryItems.Where(i => chunk.Contains(i.Id)).ToListAsync(cancellationToken))
                {
                    if (_rekeyed.TryGetValue(item.Id, out var key)) item.Rekey(key);
                    if (!_reflagged.TryGetValue(item.Id, out var state)) continue;
                    item.Flags = (int)state.Flags;
                    item.Keywords = SyncState.KeywordsOf(state);
                }
            }
            foreach (var chunk in _forgotten.Select(f => f.Id).Chunk(Chunk))
            {
                await db.MigratedItems.Where(m => m.MoveId == context.MoveId && chunk.Contains(m.InventoryItemId)).ExecuteDeleteAsync(cancellationToken);
                await db.InventoryItems.Where(i => chunk.Contains(i.Id)).ExecuteDeleteAsync(cancellationToken);
            }
            var moved = _forgotten.Where(f => f.State == InventoryState.Moved).ToList();
            move.ForgetSourceItems(_forgotten.Count, _forgotten.Sum(f => f.Size), moved.Count, moved.Sum(f => f.Size),
                _forgotten.Count(f => f.State == InventoryState.Skipped), now);
            await db.SaveFencedAsync(context.Lease, cancellationToken);
            return true;
        }, cancellationToken);
    }
}
