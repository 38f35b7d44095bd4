using Hangfire;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>Moves the stored inventory in blocks; each confirmed arrival is recorded before the next block.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ItemRequestJob(PhaseRunner runner, ItemTransfer transfer, RuleTransfer rules) : IMovePhase
{
    public MovePhase Phase => MovePhase.ItemRequest;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        var result = await transfer.TransferPendingAsync(context, cancellationToken);
        result = result.Add(await rules.TransferPendingAsync(context, cancellationToken));
        return result.Describe();
    }
}
