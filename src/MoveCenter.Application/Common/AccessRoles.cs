namespace MoveCenter.Application.Common;

/// <summary>The roles a person or an API key can have; the web host's policies are built on them.</summary>
public static class AccessRoles
{
    public const string Admin = "Admin";
    public const string Helpdesk = "Helpdesk";

    public static readonly string[] All = [Admin, Helpdesk];
}
