using MoveCenter.Application.Common;

namespace MoveCenter.Application.Engine;

/// <summary>
/// One incremental sync of a copy-first move: what changed at the source since the last one (expunged, flags and
/// keywords, folders gone, keys changed) is applied first, then what is new (folders and messages) is listed and copied
/// as the item request copies, block by block, inside the move windows.
/// </summary>
public sealed class IncrementalSync(SourceChanges changes, InventoryBuilder inventory, ItemTransfer transfer, RuleTransfer rules)
{
    public async Task<string> RunAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var changed = await changes.ApplyAsync(context, cancellationToken);
        var found = await inventory.AddNewArrivalsAsync(context, cancellationToken);
        var result = await transfer.TransferPendingAsync(context, cancellationToken);
        result = result.Add(await rules.TransferPendingAsync(context, cancellationToken));
        return $"{Counted.Of(found, "item")} new at the source; {changed.Describe()} {result.Describe()}";
    }
}
