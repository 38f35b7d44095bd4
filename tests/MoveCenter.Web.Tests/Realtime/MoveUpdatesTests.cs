using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Realtime;

namespace MoveCenter.Web.Tests.Realtime;

/// <summary>Each open page gets every change, whatever another page on the node does with its own.</summary>
public sealed class MoveUpdatesTests
{

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_page_that_never_returns_and_one_that_throws_do_not_keep_changes_from_the_others()
    {
        var updates = new MoveUpdates(NullLogger<MoveUpdates>.Instance);
        var (first, second) = (Summary("UserA"), Summary("UserB"));
        var stuck = new TaskCompletionSource();
        var thrown = 0;
        var throwerSawSecond = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var healthySaw = new Dictionary<Guid, TaskCompletionSource>
        {
            [first.Id] = new(TaskCreationOptions.RunContinuationsAsynchronously),
            [second.Id] = new(TaskCreationOptions.RunContinuationsAsynchronously),
        };
        using var thrower = updates.Subscribe(_ =>
        {
            if (Interlocked.Increment(ref thrown) == 2) throwerSawSecond.TrySetResult();
            throw new InvalidOperationException("the circuit is broken");
        });
        using var blocker = updates.Subscribe(_ => stuck.Task);
        using var healthy = updates.Subscribe(move =>
        {
            healthySaw[move.Id].TrySetResult();
            return Task.CompletedTask;
        });

        try
        {
            _ = updates.OnMoveChangedAsync(first, Ct);
            await healthySaw[first.Id].Task.WaitAsync(Eventually.DefaultTimeout, Ct);
            _ = updates.OnMoveChangedAsync(second, Ct);
            await healthySaw[second.Id].Task.WaitAsync(Eventually.DefaultTimeout, Ct);
            await throwerSawSecond.Task.WaitAsync(Eventually.DefaultTimeout, Ct);
        }
        finally
        {
            stuck.TrySetResult();
        }
    }

    private static MoveSummary Summary(string userId) => new(Guid.NewGuid(), userId, userId, "SourcePO", "DestPO", MoveStatus.Running,
        MovePhase.ItemRequest, 10, 5, 0, 5, 1000, 500, 0, DateTime.UtcNow, DateTime.UtcNow, null, DateTime.UtcNow, null, null, null, 0);
}
