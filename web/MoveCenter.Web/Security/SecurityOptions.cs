namespace MoveCenter.Web.Security;

/// <summary>How hard sign-in and sessions are guarded (configuration section <c>MoveCenter:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "MoveCenter:Security";

    /// <summary>Sign-in and change-password form posts one client address may make per minute, successful or not; more are answered 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>How often an open page checks that its user is still signed in, with the same role and password.</summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a browser that reached MoveCenter over HTTPS refuses to reach it over plain HTTP again.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
