using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>How the demo directory and the engine of a test host are set up; small values keep a move to seconds.</summary>
public sealed record HostSettings
{
    public int Users { get; init; } = 3;
    public int MessagesPerUser { get; init; } = 120;
    public bool LargeAttachments { get; init; }
    public int BlockSize { get; init; } = 50;

    /// <summary>Seeds the demo directory (Maildir post offices SourcePO and DestPO with their users) into an empty database.</summary>
    public bool Demo { get; init; } = true;

    /// <summary>Further engine settings, for example <c>MoveCenter:Engine:Retry:NoServerInterval</c>, in configuration form.</summary>
    public IReadOnlyDictionary<string, string?> Configuration { get; init; } = new Dictionary<string, string?>();

    /// <summary>Kept the same across restarts, so a new host recognises the leases of its predecessor, as a restarted node does.</summary>
    public string NodeId { get; init; } = "test-node";
}

/// <summary>
/// The application as the web host runs it, without the web: real database (SQLite unless the data folder names a server), real Hangfire server, supervisor and
/// change feed, Maildir post offices in a temporary data folder. Disposal stops it the way a node shuts down.
/// </summary>
public sealed class MoveCenterHost : IAsyncDisposable
{
    public const string Actor = "test-admin";
    public static readonly TimeSpan WaitLimit = TimeSpan.FromMinutes(2);

    private readonly IHost _host;
    private bool _running;

    private MoveCenterHost(IHost host, TestDataFolder data, RecentLog log, bool running)
    {
        _host = host;
        _running = running;
        Data = data;
        Log = log;
    }

    public TestDataFolder Data { get; }

    public RecentLog Log { get; }

    public IServiceProvider Services => _host.Services;

    public string SourceRoot => Data.PostOfficeRoot(DemoDirectorySeeder.SourcePostOffice);

    public string TargetRoot => Data.PostOfficeRoot(DemoDirectorySeeder.TargetPostOffice);

    public static string LastUser(HostSettings settings) => DemoDirectorySeeder.UserName(settings.Users - 1);

    /// <summary>Builds the host, migrates the database, seeds the demo directory if empty and, unless told not to, starts the engine.</summary>
    /// <param name="decorate">Runs after the application's registrations, so a test can replace or wrap a service.</param>
    public static async Task<MoveCenterHost> StartAsync(
        TestDataFolder data, HostSettings? settings = null, Action<IServiceCollection>? decorate = null, bool startEngine = true)
    {
        settings ??= new HostSettings();
        var ct = TestContext.Current.CancellationToken;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MoveCenter:DataDirectory"] = data.Path,
            ["MoveCenter:Demo:Enabled"] = settings.Demo ? "true" : "false",
            ["MoveCenter:Demo:Users"] = Invariant(settings.Users),
            ["MoveCenter:Demo:MessagesPerUser"] = Invariant(settings.MessagesPerUser),
            ["MoveCenter:Demo:LargeAttachments"] = settings.LargeAttachments ? "true" : "false",
            ["MoveCenter:Engine:NodeId"] = settings.NodeId,
            ["MoveCenter:Engine:BlockSize"] = Invariant(settings.BlockSize),
            ["MoveCenter:Engine:LeaseDuration"] = "00:00:10",
            ["MoveCenter:Engine:SupervisorInterval"] = "00:00:00.200",
            ["MoveCenter:Engine:ChangeFeedInterval"] = "00:00:00.100",
            ["MoveCenter:Engine:WorkerCount"] = "2",
            // Tests that start more moves than a post office has slots must not wait the default five minutes for one.
            ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:01",
        });
        builder.Configuration.AddInMemoryCollection(settings.Configuration);
        var log = new RecentLog();
        builder.Logging.AddProvider(log);
        builder.Services.AddMoveCenterApplication(builder.Configuration, data.Database);
        decorate?.Invoke(builder.Services);

        var host = builder.Build();
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(ct))
            await db.MigrateMoveCenterDatabaseAsync(ct);
        await host.Services.GetRequiredService<DemoDirectorySeeder>().SeedIfEmptyAsync(ct);
        if (startEngine) await host.StartAsync(ct);
        return new MoveCenterHost(host, data, log, startEngine);
    }

    public Task<Guid> QueueAsync(string userId, string targetPostOffice = DemoDirectorySeeder.TargetPostOffice, QueueMoveOptions? options = null) =>
        Services.GetRequiredService<QueueMoveHandler>()
            .HandleAsync(new QueueMoveRequest(userId, targetPostOffice, Options: options), Actor, TestContext.Current.CancellationToken);

    public async Task<MoveCenterDbContext> DbAsync() =>
        await Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(TestContext.Current.CancellationToken);

    public async Task<MoveDetails> DetailsAsync(Guid moveId) =>
        await Services.GetRequiredService<GetMoveDetailsHandler>().HandleAsync(moveId, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException($"Move {moveId} does not exist.");

    public async Task<PostOffice> PostOfficeAsync(string name)
    {
        await using var db = await DbAsync();
        return await db.PostOffices.AsNoTracking().SingleAsync(p => p.Name == name, TestContext.Current.CancellationToken);
    }

    /// <summary>Waits until the move needs no more work from the engine (completed, failed, cancelled or stalled).</summary>
    public Task<MoveDetails> WaitUntilSettledAsync(Guid moveId) =>
        WaitForAsync(moveId, m => m.Status.IsTerminal() || m.Status == MoveStatus.Stalled, "to complete, fail or stall");

    /// <summary>
    /// A move graded Investigate waits before its purge: asserts it does, has an admin approve what it left behind, and
    /// waits for it to settle again.
    /// </summary>
    public async Task<MoveDetails> ApproveSkippedAsync(MoveDetails waiting, string admin = Actor)
    {
        AssertStatus(waiting, MoveStatus.Stalled);
        Assert.Equal((MovePhase.Purge, MoveGrade.Investigate, true), (waiting.Summary.Phase, waiting.Summary.Grade, waiting.Summary.AwaitsApproval));
        await Services.GetRequiredService<ApproveSkippedItemsHandler>().HandleAsync(waiting.Summary.Id, admin, TestContext.Current.CancellationToken);
        return await WaitUntilSettledAsync(waiting.Summary.Id);
    }

    /// <summary>
    /// Polls the database until the move satisfies <paramref name="condition"/>. Fails after <see cref="WaitLimit"/>
    /// with the move's status, phase, last history entries and the engine's recent log.
    /// </summary>
    public async Task<MoveDetails> WaitForAsync(Guid moveId, Func<MoveSummary, bool> condition, string description)
    {
        var (met, details) = await Eventually.PollAsync(() => DetailsAsync(moveId), d => condition(d.Summary), WaitLimit);
        if (!met) Assert.Fail($"Move {moveId} did not get {description} within {WaitLimit}.\n{Describe(details)}");
        return details;
    }

    /// <summary>Waits until no worker holds the move's lease, as after a worker ended its phase.</summary>
    public async Task WaitUntilNoWorkerHoldsAsync(Guid moveId)
    {
        async Task<string?> OwnerAsync()
        {
            await using var db = await DbAsync();
            return await db.Moves.Where(m => m.Id == moveId).Select(m => EF.Property<string?>(m, MoveLease.Owner)).SingleAsync(TestContext.Current.CancellationToken);
        }

        if (!(await Eventually.PollAsync(OwnerAsync, owner => owner is null, WaitLimit)).Met)
            Assert.Fail($"A worker still held move {moveId} after {WaitLimit}.\n{Describe(await DetailsAsync(moveId))}");
    }

    /// <summary>Status, phase, reason and recent history of a move, for assertion messages.</summary>
    public string Describe(MoveDetails details)
    {
        var s = details.Summary;
        var history = string.Join("\n", details.History.TakeLast(15).Select(h => $"  {h.At:HH:mm:ss.fff} {h.Kind}: {h.Message}"));
        var log = string.Join("\n", Log.Lines.TakeLast(30).Select(l => "  " + l));
        return $"Status {s.Status}, phase {s.Phase}, moved {s.ItemsMoved}/{s.InventoryTotal}, wait reason: {s.WaitReason ?? "-"}, " +
               $"last error: {s.LastError ?? "-"}\nHistory:\n{history}\nRecent log:\n{log}";
    }

    public void AssertStatus(MoveDetails details, MoveStatus expected) =>
        Assert.True(details.Summary.Status == expected, $"Expected the move to be {expected}.\n{Describe(details)}");

    /// <summary>The orderly shutdown of a node: hosted services stop and running jobs see their cancellation.</summary>
    public async Task StopAsync()
    {
        if (!_running) return;
        _running = false;
        await _host.StopAsync(CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_host is IAsyncDisposable asyncDisposable) await asyncDisposable.DisposeAsync();
        else _host.Dispose();
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
