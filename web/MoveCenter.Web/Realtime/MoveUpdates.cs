using System.Collections.Concurrent;
using System.Threading.Channels;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;

namespace MoveCenter.Web.Realtime;

/// <summary>
/// Fans move changes out to the Blazor components open on this node. Components subscribe while shown and
/// re-render through InvokeAsync; the circuit carries the change to the browser over SignalR. Each subscriber is
/// served by its own task, so a slow or broken circuit delays and starves only itself, never the change feed or the
/// other circuits.
/// </summary>
public sealed class MoveUpdates(ILogger<MoveUpdates> logger) : IMoveChangeListener
{
    private readonly ConcurrentDictionary<Subscription, byte> _subscriptions = new();

    /// <summary>Calls <paramref name="handler"/> with each change until the returned subscription is disposed.</summary>
    public IDisposable Subscribe(Func<MoveSummary, Task> handler)
    {
        var subscription = new Subscription(handler, this, logger);
        _subscriptions.TryAdd(subscription, 0);
        subscription.Start();
        return subscription;
    }

    public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken)
    {
        foreach (var subscription in _subscriptions.Keys) subscription.Post(move);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The changes one subscriber has not seen yet, the latest per move: one that falls behind skips the states it
    /// missed instead of queueing without bound, and still ends on the current one.
    /// </summary>
    private sealed class Subscription(Func<MoveSummary, Task> handler, MoveUpdates owner, ILogger logger) : IDisposable
    {
        private readonly Lock _gate = new();
        private readonly Dictionary<Guid, MoveSummary> _pending = [];
        private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

        public void Start() => _ = Task.Run(DeliverAsync);

        public void Post(MoveSummary move)
        {
            lock (_gate) _pending[move.Id] = move;
            _wake.Writer.TryWrite(true);
        }

        private async Task DeliverAsync()
        {
            await foreach (var _ in _wake.Reader.ReadAllAsync())
            {
                List<MoveSummary> due;
                lock (_gate)
                {
                    due = [.. _pending.Values];
                    _pending.Clear();
                }
                foreach (var move in due)
                {
                    try
                    {
                        await handler(move);
                    }
                    catch (Exception ex)
                    {
                        logger.LogWarning(ex, "A page failed to show the change of move {MoveId}", move.Id);
                    }
                }
            }
        }

        public void Dispose()
        {
            owner._subscriptions.TryRemove(this, out _);
            _wake.Writer.TryComplete();
        }
    }
}
