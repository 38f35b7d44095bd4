using Hangfire;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>
/// Mail that reached the source after the inventory was taken is added to the inventory and moved too. In a copy-first
/// move's cutover it is the last incremental sync, which also carries expunges, flags and folders.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class FinalSyncJob(PhaseRunner runner, InventoryBuilder inventory, ItemTransfer transfer, RuleTransfer rules, IncrementalSync sync) : IMovePhase
{
    public MovePhase Phase => MovePhase.FinalSync;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        if (context.Options.Mode == MoveMode.CopyFirst) return $"Last incremental sync: {await sync.RunAsync(context, cancellationToken)}";
        var found = await inventory.AddNewArrivalsAsync(context, cancellationToken);
        var result = await transfer.TransferPendingAsync(context, cancellationToken);
        result = result.Add(await rules.TransferPendingAsync(context, cancellationToken));
        return $"{Counted.Of(found, "item")} arrived at the source after the inventory. {result.Describe()}";
    }
}
