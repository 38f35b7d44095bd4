using MoveCenter.Application.Common;

namespace MoveCenter.Application.Engine;

/// <summary>
/// One incremental sync of a copy-first move: what changed at the source since the last one (expunged, flags and
/// keywords, folders gone, keys changed) is applied first, then what is new (folders and messages) is listed and copied
/// as the item request copies, block by block, inside the move windows. Where the source keeps mod-sequences (IMAP
/// CONDSTORE) only what changed since each folder's mark is listed, and a folder without changes is not listed at all.
/// </summary>
public sealed class IncrementalSync(SourceChanges changes, InventoryBuilder inventory, ItemTransfer transfer, RuleTransfer rules)
{
    public async Task<string> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var changed = await changes.ApplyAsync(context, cancellationToken);
        var found = await inventory.AddNewArrivalsAsync(context, cancellationToken);
        // Not sooner: a folder's new mark tells the next pass that everything before it is recorded, new arrivals included.
        await changes.SaveMarksAsync(context, changed.Marks, cancellationToken);
        var result = await transfer.TransferPendingAsync(context, cancellationToken);
        result = result.Add(await rules.TransferPendingAsync(context, cancellationToken));
        return $"{Counted.Of(found, "item")} new at the source; {changed.Counts.Describe()} {result.Describe()}";
    }
}
