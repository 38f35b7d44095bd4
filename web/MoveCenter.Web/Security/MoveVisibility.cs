using System.Security.Claims;
using MoveCenter.Application.Moves;

namespace MoveCenter.Web.Security;

/// <summary>Which view of a move a caller gets: admins see every detail, anyone else who may read moves the helpdesk's.</summary>
public static class MoveVisibility
{
    public static bool SeesItems(this ClaimsPrincipal user) => user.IsInRole(Roles.Admin);

    public static MoveSummary ShownTo(this MoveSummary move, ClaimsPrincipal user) => user.SeesItems() ? move : HelpdeskView.Of(move);

    public static MoveDetails ShownTo(this MoveDetails details, ClaimsPrincipal user) => user.SeesItems() ? details : HelpdeskView.Of(details);

    public static MoveDetailsUpdate ShownTo(this MoveDetailsUpdate update, ClaimsPrincipal user) => user.SeesItems() ? update : HelpdeskView.Of(update);

    public static SourceCleanupView ShownTo(this SourceCleanupView cleanup, ClaimsPrincipal user) => user.SeesItems() ? cleanup : HelpdeskView.Of(cleanup);
}
