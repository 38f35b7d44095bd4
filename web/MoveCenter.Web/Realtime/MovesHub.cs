using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Realtime;

/// <summary>
/// Pushes every move change to signed-in clients (dashboards, scripts) as <c>MoveChanged</c>. Mapped to accept the
/// sign-in cookie and the API key (see AppSetup).
/// </summary>
[Authorize(Policy = Policies.ReadMoves)]
public sealed class MovesHub : Hub
{
    public const string Path = "/hubs/moves";
    public const string MoveChanged = "MoveChanged";
}

public sealed class MovesHubBroadcaster(IHubContext<MovesHub> hub) : IMoveChangeListener
{
    public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken) =>
        hub.Clients.All.SendAsync(MovesHub.MoveChanged, move, cancellationToken);
}
