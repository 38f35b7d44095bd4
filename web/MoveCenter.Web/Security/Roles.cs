using MoveCenter.Application.Common;

namespace MoveCenter.Web.Security;

public static class Roles
{
    public const string Admin = AccessRoles.Admin;
    public const string Helpdesk = AccessRoles.Helpdesk;

    public static readonly string[] All = AccessRoles.All;
}

public static class Policies
{
    /// <summary>Queue, repair and cancel moves; manage the directory and people.</summary>
    public const string Admin = "Admin";

    /// <summary>Read where moves stand. Admins have it too.</summary>
    public const string ReadMoves = "ReadMoves";
}
