namespace MoveCenter.Web.Api;

public static class Actors
{
    /// <summary>Who made the call, as history and the audit trail name them: the signed-in user, or "api-key:name".</summary>
    public static string Actor(this HttpContext http) => http.User.Identity?.Name ?? "api";
}
