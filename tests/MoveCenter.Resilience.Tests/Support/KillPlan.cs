using System.Globalization;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>
/// When to kill the node: once a live worker executes <see cref="Phase"/>, and in the item request once
/// <see cref="Progress"/> of the inventory is recorded at the target.
/// </summary>
public sealed record KillPoint(MovePhase Phase, double? Progress)
{
    public bool IsReached(MoveState state, ISet<string> deadWorkers) =>
        state.IsWorkedOn
        && state.Phase == Phase
        && !deadWorkers.Contains(state.LeaseOwner!)
        && (Progress is not { } progress || state.ItemsMoved >= progress * state.InventoryTotal);

    /// <summary>The move went past the point before it could be reached (an earlier kill landed later than planned).</summary>
    public bool IsPassed(MoveState state) => state.Phase > Phase || state.Status.IsTerminal() || state.Status == MoveStatus.Stalled;

    public override string ToString() =>
        Progress is { } progress ? $"{Phase} at {progress.ToString("P0", CultureInfo.InvariantCulture)}" : Phase.ToString();
}

/// <summary>A seeded plan of kills spread over every phase, most of them inside the item request.</summary>
public static class KillPlan
{
    public static readonly MovePhase[] WorkPhases =
        [MovePhase.Preflight, MovePhase.AdminRename, MovePhase.Inventory, MovePhase.ItemRequest, MovePhase.FinalSync, MovePhase.Purge];

    public static IReadOnlyList<KillPoint> Create(int seed)
    {
        var random = new Random(seed);
        MovePhase[] twice = [MovePhase.Preflight, MovePhase.Inventory, MovePhase.FinalSync, MovePhase.Purge];
        var again = twice[random.Next(twice.Length)];
        var plan = new List<KillPoint>();
        foreach (var phase in WorkPhases)
        {
            if (phase == MovePhase.ItemRequest)
            {
                plan.AddRange(Enumerable.Range(0, random.Next(5, 7))
                    .Select(_ => 0.03 + 0.94 * random.NextDouble())
                    .Order()
                    .Select(progress => new KillPoint(phase, Math.Round(progress, 3))));
                continue;
            }
            plan.AddRange(Enumerable.Repeat(new KillPoint(phase, null), phase == again ? 2 : 1));
        }
        return plan;
    }

    /// <summary>The seed: MOVECENTER_FAULT_SEED to repeat a run, otherwise a new one each run.</summary>
    public static int Seed() =>
        int.TryParse(Environment.GetEnvironmentVariable("MOVECENTER_FAULT_SEED"), CultureInfo.InvariantCulture, out var seed)
            ? seed
            : Random.Shared.Next();
}
