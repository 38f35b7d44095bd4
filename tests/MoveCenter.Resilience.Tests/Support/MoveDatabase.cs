using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>A move's state as the shared database holds it, lease included.</summary>
public sealed record MoveState(
    MoveStatus Status, MovePhase Phase, int ItemsMoved, int InventoryTotal, int Restarts,
    string? LeaseOwner, long LeaseToken, DateTime? LeaseExpiresAt, DateTime? DispatchedAt)
{
    /// <summary>A worker holds the move and has begun its phase (a hand-over between phases is marked dispatched until then).</summary>
    public bool IsWorkedOn => Status == MoveStatus.Running && LeaseOwner is not null && DispatchedAt is null;

    public override string ToString() =>
        $"{Status} in {Phase}, {ItemsMoved}/{InventoryTotal} moved, lease {LeaseOwner ?? "free"} (token {LeaseToken})";
}

/// <summary>
/// Reads the database the nodes share, from the test's own process: the truth about a move while nodes come and go,
/// and the only witness while none runs.
/// </summary>
public sealed class MoveDatabase(DatabaseSettings database)
{
    public static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(3);

    private readonly PooledDbContextFactory<MoveCenterDbContext> _factory = new(Options(database));

    /// <summary>Builds the model and opens the file now, so that the first poll of a test is as quick as the others.</summary>
    public async Task WarmUpAsync()
    {
        await using var db = await _factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await db.Moves.AsNoTracking().AnyAsync(TestContext.Current.CancellationToken);
    }

    public async Task<MoveState> StateAsync(Guid moveId)
    {
        await using var db = await _factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.Moves.AsNoTracking().Where(m => m.Id == moveId)
            .Select(m => new MoveState(m.Status, m.Phase, m.ItemsMoved, m.InventoryTotal, m.Restarts,
                EF.Property<string?>(m, MoveLease.Owner), EF.Property<long>(m, MoveLease.Token), EF.Property<DateTime?>(m, MoveLease.ExpiresAt),
                EF.Property<DateTime?>(m, MoveLease.DispatchedAt)))
            .SingleAsync(TestContext.Current.CancellationToken);
    }

    /// <summary>Several moves' states, each read as <see cref="StateAsync"/> does.</summary>
    public async Task<IReadOnlyDictionary<Guid, MoveState>> StatesAsync(IEnumerable<Guid> moveIds)
    {
        var states = new Dictionary<Guid, MoveState>();
        foreach (var moveId in moveIds) states[moveId] = await StateAsync(moveId);
        return states;
    }

    /// <summary>Messages handed to the target whose outcome the database does not know yet.</summary>
    public async Task<int> InFlightAsync(Guid moveId)
    {
        await using var db = await _factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.InFlight && i.State == InventoryState.Pending, TestContext.Current.CancellationToken);
    }

    /// <summary>The nodes whose Hangfire servers took a job from the job storage in the PostgreSQL database.</summary>
    public async Task<IReadOnlySet<string>> NodesThatRanJobsAsync() =>
        (await JobRunsAsync()).Select(r => r.Node).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every job a node's Hangfire server took from the job storage in the PostgreSQL database.</summary>
    public async Task<IReadOnlyList<JobRun>> JobRunsAsync()
    {
        await using var db = await _factory.CreateDbContextAsync(TestContext.Current.CancellationToken);
        return await JobRuns.ReadAsync(db, TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Polls (every few milliseconds: a kill moment must not lag behind the move) until <paramref name="condition"/>
    /// holds, and returns that state; returns null as soon as <paramref name="givingUp"/> holds instead.
    /// </summary>
    public async Task<MoveState?> WaitForAsync(Guid moveId, Func<MoveState, bool> condition, Func<MoveState, bool> givingUp, string description)
    {
        var (met, state) = await Eventually.PollAsync(() => StateAsync(moveId), s => condition(s) || givingUp(s), WaitLimit, TimeSpan.FromMilliseconds(5));
        if (!met) Assert.Fail($"Move {moveId} did not get {description} within {WaitLimit}; it is {state}.");
        return condition(state) ? state : null;
    }

    private static DbContextOptions<MoveCenterDbContext> Options(DatabaseSettings database)
    {
        var options = new DbContextOptionsBuilder<MoveCenterDbContext>();
        options.UseMoveCenterDatabase(database);
        return options.Options;
    }
}
