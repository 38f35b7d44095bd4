using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>The job class of each phase a worker runs: what the dispatcher enqueues, and what a worker goes on with.</summary>
public sealed class PhaseJobs(IServiceProvider services)
{
    private static readonly Dictionary<MovePhase, Type> Types = new()
    {
        [MovePhase.Preflight] = typeof(PreflightJob),
        [MovePhase.AdminRename] = typeof(AdminRenameJob),
        [MovePhase.Inventory] = typeof(InventoryJob),
        [MovePhase.ItemRequest] = typeof(ItemRequestJob),
        [MovePhase.IncrementalSync] = typeof(IncrementalSyncJob),
        [MovePhase.FinalSync] = typeof(FinalSyncJob),
        [MovePhase.Purge] = typeof(PurgeJob),
    };

    /// <summary>Null for a phase no worker runs (a move that is done, or waits for an admin).</summary>
    public static Type? TypeOf(MovePhase phase) => Types.GetValueOrDefault(phase);

    public IMovePhase? For(MovePhase phase) => TypeOf(phase) is { } type ? (IMovePhase)services.GetRequiredService(type) : null;
}
