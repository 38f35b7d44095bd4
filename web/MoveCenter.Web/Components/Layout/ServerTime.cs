namespace MoveCenter.Web.Components.Layout;

/// <summary>
/// Times admins type into the browser are taken in the server's time zone, because the server (not the browser) turns
/// them into the UTC that moves keep; pages name that zone next to every such field.
/// </summary>
public static class ServerTime
{
    public static string ZoneName(TimeProvider clock)
    {
        var zone = clock.LocalTimeZone;
        var offset = zone.GetUtcOffset(clock.GetUtcNow());
        return $"{zone.Id} (UTC{(offset < TimeSpan.Zero ? "-" : "+")}{offset:hh\\:mm})";
    }

    public static DateTime? ToUtc(DateTime? local, TimeProvider clock) => local is { } time
        ? TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(time, DateTimeKind.Unspecified), clock.LocalTimeZone)
        : null;
}
