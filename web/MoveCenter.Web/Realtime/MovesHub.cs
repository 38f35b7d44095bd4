using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using MoveCenter.Application.Moves;
using MoveCenter.Application.Notifications;
using MoveCenter.Web.Security;

namespace MoveCenter.Web.Realtime;

/// <summary>
/// Pushes every move change to signed-in clients (dashboards, scripts) as <c>MoveChanged</c>. Mapped to accept the
/// sign-in cookie and the API key (see AppSetup). Each connection joins the group of what its role may see, so a
/// helpdesk connection gets the plain-words payload and never the admin's one.
/// </summary>
[Authorize(Policy = Policies.ReadMoves)]
public sealed class MovesHub : Hub
{
    public const string Path = "/hubs/moves";
    public const string MoveChanged = "MoveChanged";
    internal const string Admins = "admins";
    internal const string Helpdesk = "helpdesk";

    public override Task OnConnectedAsync() =>
        Groups.AddToGroupAsync(Context.ConnectionId, Context.User?.SeesItems() == true ? Admins : Helpdesk, Context.ConnectionAborted);
}

public sealed class MovesHubBroadcaster(IHubContext<MovesHub> hub) : IMoveChangeListener
{
    public Task OnMoveChangedAsync(MoveSummary move, CancellationToken cancellationToken) => Task.WhenAll(
        hub.Clients.Group(MovesHub.Admins).SendAsync(MovesHub.MoveChanged, move, cancellationToken),
        hub.Clients.Group(MovesHub.Helpdesk).SendAsync(MovesHub.MoveChanged, HelpdeskView.Of(move), cancellationToken));
}
