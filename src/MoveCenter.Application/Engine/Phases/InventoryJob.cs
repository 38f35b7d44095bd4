using Hangfire;
using MoveCenter.Application.Common;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>Stores the list of everything to move, once: a second run finds it stored and goes on.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class InventoryJob(PhaseRunner runner, InventoryBuilder inventory) : IMovePhase
{
    public MovePhase Phase => MovePhase.Inventory;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var stored = await inventory.TakeAsync(context, cancellationToken);
        return stored.AlreadyStored
            ? $"Inventory list already stored ({Counted.Of(stored.Items, "item")}); going on."
            : $"Inventory list stored: {Counted.Of(stored.Folders, "folder")} and {Counted.Of(stored.Items - stored.Folders, "message")}, {Counted.Megabytes(stored.Bytes)}."
              + (stored.AlreadyAtTarget > 0 ? $" {stored.AlreadyAtTarget:N0} of them were at the target already and are not sent again." : "");
    }
}
