using FluentValidation;
using Hangfire;
using Hangfire.AspNetCore;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MoveCenter.Application.ApiKeys;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Dashboard;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Moves.Reports;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Retention;
using MoveCenter.Connectors.Imap;
using MoveCenter.Persistence;

namespace MoveCenter.Application;

public static class DependencyInjection
{
    /// <summary>The use cases, the move engine and its job server, on the database the configuration names.</summary>
    public static IServiceCollection AddMoveCenterApplication(this IServiceCollection services, IConfiguration configuration, DatabaseSettings database)
    {
        services.Configure<MoveCenterOptions>(configuration.GetSection(MoveCenterOptions.Section));
        services.Configure<DemoOptions>(configuration.GetSection(DemoOptions.Section));
        services.Configure<MaildirOptions>(configuration.GetSection(MaildirOptions.Section));
        services.Configure<EngineOptions>(configuration.GetSection(EngineOptions.Section));
        services.AddSingleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>();
        services.AddOptions<EngineOptions>().ValidateOnStart();
        services.Configure<RetentionOptions>(configuration.GetSection(RetentionOptions.Section));
        services.AddSingleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>();
        services.AddOptions<RetentionOptions>().ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddMoveCenterPersistence(database);
        // Secrets at rest are encrypted with keys kept in the shared database, so every node can read them.
        services.AddDataProtection().SetApplicationName("MoveCenter").PersistKeysToDbContext<MoveCenterDbContext>();
        services.AddValidatorsFromAssemblyContaining<QueueMoveValidator>(ServiceLifetime.Singleton);

        services.AddMoveCenterUseCases();
        services.AddSingleton<PostOfficeSecrets>();
        services.AddSingleton<DemoDirectorySeeder>();

        var role = configuration.GetSection(EngineOptions.Section).GetValue(nameof(EngineOptions.Role), EngineRole.All);
        services.AddMoveEngine(database, role);
        services.AddNotifications(configuration, role);
        if (role.ServesWeb()) services.AddHostedService<MoveChangeFeed>();
        return services;
    }

    /// <summary>The use cases (queries, queueing, admin actions, the directory); the engine and database come separately.</summary>
    public static IServiceCollection AddMoveCenterUseCases(this IServiceCollection services)
    {
        services.AddSingleton<QueueMoveHandler>();
        services.AddSingleton<CreateBatchHandler>();
        services.AddSingleton<BatchQueries>();
        services.AddSingleton<ProjectOverviewQuery>();
        services.AddSingleton<BatchActionHandler>();
        services.AddSingleton<BatchReportHandler>();
        services.AddSingleton<ListMovesHandler>();
        services.AddSingleton<GetMoveDetailsHandler>();
        services.AddSingleton<GetMoveDetailsUpdateHandler>();
        services.AddSingleton<LookupMovesHandler>();
        services.AddSingleton<PendingItemsHandler>();
        services.AddSingleton<MoveLogHandler>();
        services.AddSingleton<MoveActionRunner>();
        services.AddSingleton<RetryMoveHandler>();
        services.AddSingleton<SkipItemHandler>();
        services.AddSingleton<ForceCompleteMoveHandler>();
        services.AddSingleton<CancelMoveHandler>();
        services.AddSingleton<CompleteMoveHandler>();
        services.AddSingleton<SuspendMoveHandler>();
        services.AddSingleton<ResumeMoveHandler>();
        services.AddSingleton<ClearMoveHandler>();
        services.AddSingleton<StopDeferredRetriesHandler>();
        services.AddSingleton<RestartMoveHandler>();
        services.AddSingleton<ApproveSkippedItemsHandler>();
        services.AddSingleton<MoveReportHandler>();
        services.AddSingleton<NotMovedSummaryHandler>();
        services.AddSingleton<NotMovedItemsHandler>();
        services.AddSingleton<RetryCleanupHandler>();
        services.AddSingleton<SourceCleanupQueries>();
        services.AddSingleton<DirectoryQueries>();
        services.AddSingleton<AddPostOfficeHandler>();
        services.AddSingleton<EditPostOfficeHandler>();
        services.AddSingleton<DeletePostOfficeHandler>();
        services.AddSingleton<AddDirectoryUserHandler>();
        services.AddSingleton<ImportDirectoryUsersHandler>();
        services.AddSingleton<AuditTrail>();
        services.AddSingleton<ListAuditEntriesHandler>();
        services.AddSingleton<CreateApiKeyHandler>();
        services.AddSingleton<RevokeApiKeyHandler>();
        services.AddSingleton<ListApiKeysHandler>();
        return services;
    }

    private static void AddMoveEngine(this IServiceCollection services, DatabaseSettings database, EngineRole role)
    {
        services.AddSingleton<NodeIdentity>();
        services.AddSingleton<MoveLeases>();
        services.AddSingleton<MoveSlots>();
        services.AddSingleton(provider => new RestartTriggers(provider.GetRequiredService<IOptions<EngineOptions>>().Value.Retry.EffectiveRestartOnErrors));
        services.AddSingleton<SourceCleanups>();
        services.AddSingleton<MoveDispatcher>();
        services.AddSingleton<SlotWaiters>();
        services.AddSingleton<ImapConnectionPool>();
        services.AddSingleton<MailStores>();
        services.AddSingleton<ConnectionTests>();
        services.AddSingleton<IMailStoreFactory>(provider => provider.GetRequiredService<MailStores>());
        services.AddSingleton<PhaseRunner>();
        services.AddSingleton<PhaseJobs>();
        services.AddSingleton<WaitingJobs>();
        services.AddSingleton<InventoryBuilder>();
        services.AddSingleton<ItemTransfer>();
        services.AddSingleton<ByteRateLimits>();
        services.AddSingleton<RuleTransfer>();
        services.AddSingleton<SourceChanges>();
        services.AddSingleton<IncrementalSync>();
        services.AddSingleton<SyncedMoves>();
        services.AddTransient<PreflightJob>();
        services.AddTransient<AdminRenameJob>();
        services.AddTransient<InventoryJob>();
        services.AddTransient<ItemRequestJob>();
        services.AddTransient<IncrementalSyncJob>();
        services.AddTransient<FinalSyncJob>();
        services.AddTransient<PurgeJob>();

        var storage = JobStorages.For(database);
        services.AddSingleton(new JobEngineSettings(storage.Kind, role.RunsJobs()));
        // Registered before AddHangfire so that each host has its own storage instead of Hangfire's static one.
        services.AddSingleton<JobStorage>(_ => storage.Create());
        // Hangfire would otherwise take its activator from a static that every host in the process overwrites, so
        // jobs of one host could be built from another host's services (and database).
        services.AddSingleton<JobActivator>(provider => new AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());
        services.AddTransient<PruneFinishedMoveDetailJob>();
        if (!role.RunsJobs()) return;
        services.AddHangfireServer((provider, server) =>
        {
            var engine = provider.GetRequiredService<IOptions<EngineOptions>>().Value;
            server.Queues = JobQueues.ServedBy(engine.Site);
            server.WorkerCount = engine.WorkerCount;
            server.ServerName = $"{engine.NodeId}:{Environment.ProcessId}";
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
        });
        services.AddHostedService<MoveSupervisor>();
        services.AddHostedService<RetentionSchedule>();
    }
}
