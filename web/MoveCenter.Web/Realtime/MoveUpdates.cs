using System.Collections.Concurrent;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;

namespace MoveCenter.Web.Realtime;

/// <summary>
/// Fans move changes out to the Blazor components open on this node. Components subscribe while shown and
/// re-render through InvokeAsync; the circuit carries the change to the browser over SignalR. Each subscriber has a
/// delivery of its own, so a slow or broken circuit never holds up the change feed or the other circuits.
/// </summary>
public sealed class MoveUpdates(ILogger<MoveUpdates> logger) : IMoveChangeListener
{
    private readonly ConcurrentDictionary<LatestChangeDelivery, byte> _subscribers = new();

    /// <summary>Calls <paramref name="handler"/> with each change until the returned subscription is disposed.</summary>
    public IDisposable Subscribe(Func<MoveSummary, Task> handler)
    {
        var delivery = new LatestChangeDelivery(handler, logger);
        _subscribers.TryAdd(delivery, 0);
        return new Subscription(this, delivery);
    }

    public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken)
    {
        foreach (var delivery in _subscribers.Keys) delivery.Post(move);
        return Task.CompletedTask;
    }

    private sealed record Subscription(MoveUpdates Owner, LatestChangeDelivery Delivery) : IDisposable
    {
        public void Dispose()
        {
            Owner._subscribers.TryRemove(Delivery, out _);
            Delivery.Dispose();
        }
    }
}
