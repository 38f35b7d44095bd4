using Hangfire;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>Removes the user's mailbox from the source, only once every inventory item is at the target or skipped.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class PurgeJob(PhaseRunner runner, IMailStoreFactory stores, IDbContextFactory<MoveCenterDbContext> dbFactory) : IMovePhase
{
    public MovePhase Phase => MovePhase.Purge;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var notAtTarget = await db.InventoryItems.CountAsync(i => i.MoveId == context.MoveId
            && i.State != InventoryState.Moved && i.State != InventoryState.Skipped, cancellationToken);
        var movedWithoutRecord = await db.InventoryItems.CountAsync(i => i.MoveId == context.MoveId && i.State == InventoryState.Moved
            && !db.MigratedItems.Any(m => m.MoveId == context.MoveId && m.InventoryItemId == i.Id), cancellationToken);
        if (notAtTarget > 0 || movedWithoutRecord > 0)
            throw new MoveStallException(
                $"{notAtTarget + movedWithoutRecord:N0} items are not confirmed at {context.Target.Name}, so the source was not purged. Retry to move them, or Skip them.");

        string outcome;
        if (context.Options.PurgeMode == PurgeMode.Purge)
        {
            await using var source = await stores.OpenAsync(context.Source, context.UserId, cancellationToken);
            await source.DeleteAsync(cancellationToken);
            outcome = $"Source mailbox removed from {context.Source.Name}.";
        }
        else
        {
            outcome = $"Source mailbox kept on {context.Source.Name} (purge mode Keep).";
        }

        await db.LoadLeasedAsync(context.Lease, cancellationToken);
        var user = await db.DirectoryUsers.SingleAsync(u => u.UserId == context.UserId, cancellationToken);
        user.ClearInTransit();
        await db.SaveFencedAsync(context.Lease, cancellationToken);
        return outcome;
    }
}
