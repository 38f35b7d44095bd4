using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// The engine's real services on a real SQLite file, driven by hand under a fake clock: no job server and no supervisor
/// loop run, so a test runs each phase and each supervisor pass itself and moves time on without waiting for it.
/// </summary>
public sealed class FakeClockEngine : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 22, 14, 0, 0, TimeSpan.Zero);

    private FakeClockEngine(MoveCenterHost host, FakeTimeProvider clock)
    {
        Host = host;
        Clock = clock;
    }

    public MoveCenterHost Host { get; }

    public FakeTimeProvider Clock { get; }

    public DateTime Now => Clock.GetUtcNow().UtcDateTime;

    public EngineOptions Options => Host.Services.GetRequiredService<IOptions<EngineOptions>>().Value;

    public MoveLeases Leases => Host.Services.GetRequiredService<MoveLeases>();

    public SlotWaiters SlotWaiters => Host.Services.GetRequiredService<SlotWaiters>();

    public PhaseRunner Runner => Host.Services.GetRequiredService<PhaseRunner>();

    public MoveSupervisor Supervisor => Host.Services.GetServices<IHostedService>().OfType<MoveSupervisor>().Single();

    public static async Task<FakeClockEngine> StartAsync(
        TestDataFolder data, Action<IServiceCollection>? decorate = null, Func<HostSettings, HostSettings>? adjust = null)
    {
        var clock = new FakeTimeProvider(Start);
        var settings = new HostSettings
        {
            Users = 2,
            MessagesPerUser = 5,
            // The production default, which the test host otherwise shortens: time here is the fake clock's to move on.
            Configuration = new Dictionary<string, string?>
            {
                ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:05:00",
                // Each test runs the phase it examines; a job that went on through the phases after it would run those too.
                ["MoveCenter:Engine:PhasesInOneJob"] = "false",
            },
        };
        var host = await MoveCenterHost.StartAsync(data, adjust?.Invoke(settings) ?? settings, services =>
        {
            services.AddSingleton<TimeProvider>(clock);
            decorate?.Invoke(services);
        }, startEngine: false);
        return new FakeClockEngine(host, clock);
    }

    /// <summary>A second worker on the same database, as another node would be.</summary>
    public MoveLeases OtherWorkersLeases() =>
        new(Host.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>(), Host.Services.GetRequiredService<IOptions<EngineOptions>>(),
            Clock, new NodeIdentity(Host.Services.GetRequiredService<IOptions<EngineOptions>>()));

    public Task<Guid> QueueAsync(string userId = "UserA") => Host.QueueAsync(userId);

    /// <summary>Runs the real job of the move's phase through the real phase runner, as a worker would.</summary>
    public Task RunJobAsync<TJob>(Guid moveId) where TJob : IMovePhase =>
        Runner.RunAsync(moveId, Host.Services.GetRequiredService<TJob>(), TestContext.Current.CancellationToken);

    public Task RunAsync(Guid moveId, IMovePhase phase) => Runner.RunAsync(moveId, phase, TestContext.Current.CancellationToken);

    public async Task<Move> MoveAsync(Guid moveId)
    {
        await using var db = await Host.DbAsync();
        return await db.Moves.AsNoTracking().Include(m => m.History).SingleAsync(m => m.Id == moveId, TestContext.Current.CancellationToken);
    }

    /// <summary>Moves the clock to the time the move waits for, so its next try is due now.</summary>
    public async Task AdvanceToNextTryAsync(Guid moveId)
    {
        var move = await MoveAsync(moveId);
        Assert.NotNull(move.NotBefore);
        Clock.SetUtcNow(new DateTimeOffset(move.NotBefore.Value, TimeSpan.Zero));
    }

    public async Task SetMoveSlotsAsync(string postOffice, int slots)
    {
        await using var db = await Host.DbAsync();
        await db.PostOffices.Where(p => p.Name == postOffice)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.MaxConcurrentMoves, slots), TestContext.Current.CancellationToken);
    }

    public static string Target => DemoDirectorySeeder.TargetPostOffice;

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}

/// <summary>A phase whose work the test writes; the engine around it (lease, bookkeeping, retry rules) is the real one.</summary>
public sealed class ScriptedPhase(MovePhase phase, Func<PhaseContext, CancellationToken, Task<string>> work) : IMovePhase
{
    public MovePhase Phase => phase;

    public Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken) => work(context, cancellationToken);

    public static ScriptedPhase Throwing(MovePhase phase, Func<Exception> failure) => new(phase, (_, _) => throw failure());
}

/// <summary>A test class whose every test gets a fresh fake-clock engine on its own data folder.</summary>
public abstract class FakeClockEngineTests : IAsyncLifetime
{
    private readonly TestDataFolder _data = new();

    protected FakeClockEngine Engine { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => Engine = await FakeClockEngine.StartAsync(_data, Decorate, Adjust);

    /// <summary>Changes the mailboxes or the engine's settings of the test host.</summary>
    protected virtual HostSettings Adjust(HostSettings settings) => settings;

    /// <summary>Wraps or replaces services of the engine, as <see cref="MoveCenterHost.StartAsync"/> allows.</summary>
    protected virtual void Decorate(IServiceCollection services)
    {
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        _data.Dispose();
    }
}
