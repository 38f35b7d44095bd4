using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;

namespace MoveCenter.Web.Realtime;

/// <summary>
/// Fans move changes out to the Blazor components open on this node. Components subscribe while shown and
/// re-render through InvokeAsync; the circuit carries the change to the browser over SignalR.
/// </summary>
public sealed class MoveUpdates : IMoveChangeListener
{
    public event Func<MoveSummary, Task>? Changed;

    public async Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken)
    {
        if (Changed is not { } handlers) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Func<MoveSummary, Task>>())
            await handler(move);
    }
}
