using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Notifications;

/// <summary>The change feed tells every listener on the node, whatever another listener does with its own changes.</summary>
public sealed class MoveChangeFeedTests
{
    [Fact]
    public async Task A_listener_that_never_returns_and_one_that_throws_do_not_keep_changes_from_the_others()
    {
        using var data = new TestDataFolder();
        await ListenersIsolatedAsync(data);
    }

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task ListenersIsolatedAsync(TestDataFolder data)
    {
        var stuck = new Listener(_ => new TaskCompletionSource().Task);
        var broken = new Listener(_ => throw new InvalidOperationException("the listener is broken"));
        var healthy = new Listener(_ => Task.CompletedTask);
        await using var host = await MoveCenterHost.StartAsync(data, new HostSettings { Users = 2 }, services =>
        {
            services.AddSingleton<IMoveChangeListener>(broken);
            services.AddSingleton<IMoveChangeListener>(stuck);
            services.AddSingleton<IMoveChangeListener>(healthy);
        });

        var first = await host.QueueAsync("UserA");
        await healthy.Told(first).WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        var second = await host.QueueAsync("UserB");

        await healthy.Told(second).WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
        await broken.Told(second).WaitAsync(Eventually.DefaultTimeout, TestContext.Current.CancellationToken);
    }

    /// <summary>Records each move it is told of before it does what the test makes it do.</summary>
    private sealed class Listener(Func<MoveSummary, Task> then) : IMoveChangeListener
    {
        private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _told = new();

        public Task Told(Guid moveId) => Signal(moveId).Task;

        public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken)
        {
            Signal(move.Id).TrySetResult();
            return then(move);
        }

        private TaskCompletionSource Signal(Guid moveId) =>
            _told.GetOrAdd(moveId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
    }
}
