using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MoveCenter.Application;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Benchmark;

internal sealed record PhaseTime(string Phase, TimeSpan Duration);

internal sealed record MoveOutcome(MoveStatus Status, TimeSpan Elapsed, IReadOnlyList<PhaseTime> Phases, string? LastError, IReadOnlyList<string> History);

/// <summary>A MoveCenter host built as the product builds it (application services, its database, migrations, data protection), demo off.</summary>
internal sealed class MoveCenterHost : IAsyncDisposable
{
    public const string SourcePostOffice = "bench-source";
    public const string TargetPostOffice = "bench-target";

    private readonly IHost _host;

    private MoveCenterHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<MoveCenterHost> StartAsync(string dataDirectory, DatabaseSettings database, string[] args, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dataDirectory });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["MoveCenter:Demo:Enabled"] = "false",
            ["MoveCenter:DataDirectory"] = dataDirectory,
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Hangfire"] = "Warning",
        });
        // Engine settings can be changed from the command line: --MoveCenter:Engine:ConnectionsPerMove=8
        builder.Configuration.AddCommandLine(args.Where(a => a.StartsWith("--MoveCenter:", StringComparison.Ordinal)).ToArray());
        // PostOfficeSecrets needs data protection; keys that live as long as the run are enough here.
        builder.Services.AddDataProtection().UseEphemeralDataProtectionProvider();
        builder.Services.AddMoveCenterApplication(builder.Configuration, database);
        var host = builder.Build();
        await using (var db = await host.Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>().CreateDbContextAsync(cancellationToken))
            await db.MigrateMoveCenterDatabaseAsync(cancellationToken);
        await host.StartAsync(cancellationToken);
        return new MoveCenterHost(host);
    }

    public async Task AddPostOfficesAsync(int sourcePort, int targetPort, string master, string password, CancellationToken cancellationToken)
    {
        var postOffices = Services.GetRequiredService<AddPostOfficeHandler>();
        await postOffices.HandleAsync(new AddPostOfficeRequest(SourcePostOffice, "bench.example", "imap", Host: "127.0.0.1", Port: sourcePort,
            Security: "none", AdminUser: master, AdminPassword: password), "bench", cancellationToken);
        await postOffices.HandleAsync(new AddPostOfficeRequest(TargetPostOffice, "bench.example", "imap", Host: "127.0.0.1", Port: targetPort,
            Security: "none", AdminUser: master, AdminPassword: password), "bench", cancellationToken);
    }

    public Task AddUserAsync(string user, CancellationToken cancellationToken) =>
        Services.GetRequiredService<AddDirectoryUserHandler>().HandleAsync(
            new AddDirectoryUserRequest(user, SourcePostOffice, user, $"{user}@example.org"), "bench", cancellationToken);

    /// <summary>Queues the move and polls the database until it ends (Completed or any status that needs a person).</summary>
    public async Task<MoveOutcome> MoveAsync(string user, PurgeMode purge, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var moveId = await QueueAsync(user, new QueueMoveOptions(PurgeMode: purge), cancellationToken);
        return await WaitAsync(moveId, clock, timeout, cancellationToken);
    }

    public Task<Guid> QueueAsync(string user, QueueMoveOptions options, CancellationToken cancellationToken) =>
        Services.GetRequiredService<QueueMoveHandler>().HandleAsync(new QueueMoveRequest(user, TargetPostOffice, Options: options), "benchmark", cancellationToken);

    /// <summary>
    /// Polls the database until the move stops (Completed, Synced, or any status that needs a person) or
    /// <paramref name="timeout"/> has passed on <paramref name="clock"/>.
    /// </summary>
    public async Task<MoveOutcome> WaitAsync(Guid moveId, Stopwatch clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var factory = Services.GetRequiredService<IDbContextFactory<MoveCenterDbContext>>();
        MoveStatus status;
        while (true)
        {
            await using (var db = await factory.CreateDbContextAsync(cancellationToken))
                status = await db.Moves.AsNoTracking().Where(m => m.Id == moveId).Select(m => m.Status).SingleAsync(cancellationToken);
            if (status is MoveStatus.Completed or MoveStatus.Synced or MoveStatus.Failed or MoveStatus.Cancelled or MoveStatus.Stalled or MoveStatus.Suspended) break;
            if (clock.Elapsed > timeout) break;
            await Task.Delay(50, cancellationToken);
        }
        var elapsed = clock.Elapsed;

        await using var read = await factory.CreateDbContextAsync(cancellationToken);
        var move = await read.Moves.AsNoTracking().Include(m => m.History).SingleAsync(m => m.Id == moveId, cancellationToken);
        var history = move.History.OrderBy(e => e.Id).ToList();
        var phases = new List<PhaseTime>();
        DateTime? started = null;
        string? name = null;
        foreach (var e in history)
        {
            if (e.Kind == MoveEventKind.PhaseStarted)
            {
                started = e.At;
                name = e.Message.Replace(" started.", "").Replace(" resumed.", "");
            }
            else if (e.Kind == MoveEventKind.PhaseCompleted && started is { } from)
            {
                phases.Add(new PhaseTime(name ?? "?", e.At - from));
                started = null;
            }
        }
        return new MoveOutcome(move.Status, elapsed, phases, move.LastError, history.Select(e => $"{e.At:HH:mm:ss.fff} {e.Kind}: {e.Message}").ToList());
    }

    /// <summary>Stops the job server and supervisor; the services (database, handlers) stay usable.</summary>
    public Task StopEngineAsync(CancellationToken cancellationToken) => _host.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stopping.Token);
        _host.Dispose();
    }
}
