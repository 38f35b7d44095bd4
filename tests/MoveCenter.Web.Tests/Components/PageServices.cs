using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Web.Components.Moves;

namespace MoveCenter.Web.Tests.Components;

/// <summary>The move handlers and action commands the pages inject, over the test's database, with a job client that runs nothing.</summary>
public static class PageServices
{
    public static IServiceCollection AddMoveHandlers(this IServiceCollection services)
    {
        services.AddLogging();
        services.AddOptions<EngineOptions>();
        services.AddSingleton<IBackgroundJobClient, NoJobs>();
        services.AddSingleton(new JobEngineSettings(JobStorageKind.InMemory));
        services.AddSingleton<MoveDispatcher>();
        services.AddMoveCenterUseCases();
        services.AddSingleton<MoveActionCommands>();
        return services;
    }

    private sealed class NoJobs : IBackgroundJobClient
    {
        public string Create(Job job, IState state) => Guid.NewGuid().ToString("N");

        public bool ChangeState(string jobId, IState state, string expectedState) => true;
    }
}
