namespace MoveCenter.Web.Security;

/// <summary>How hard sign-in and sessions are guarded (configuration section <c>MoveCenter:Security</c>).</summary>
public sealed class SecurityOptions
{
    public const string Section = "MoveCenter:Security";

    /// <summary>Sign-in and change-password form posts one client address may make per minute, successful or not; more are answered 429.</summary>
    public int SignInAttemptsPerMinute { get; set; } = 10;

    /// <summary>
    /// Failed sign-ins (and wrong current passwords) one client address may have for one account, since its last success
    /// there, before it is refused that account with 429. Other addresses, and the account itself, are not affected.
    /// </summary>
    public int FailedSignInsPerAccountAndAddress { get; set; } = 5;

    /// <summary>How long an address refused an account waits after its latest failure before it may try once more.</summary>
    public TimeSpan FailedSignInsRefusal { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>
    /// Failed sign-ins from all addresses together that lock the account itself for five minutes (Identity's lockout;
    /// a success resets the count): the last resort against guessing spread over many addresses. One address adds at most
    /// <see cref="FailedSignInsPerAccountAndAddress"/> to it, and more only after a day without trying; so at 5 and 50 a
    /// lockout takes 10 addresses, or one address coming back 10 times a day apart without the owner signing in once in
    /// between. Must be larger than <see cref="FailedSignInsPerAccountAndAddress"/>.
    /// </summary>
    public int FailedSignInsPerAccount { get; set; } = 50;

    /// <summary>How often an open page checks that its user is still signed in, with the same role and password.</summary>
    public TimeSpan SessionRevalidationInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a browser that reached MoveCenter over HTTPS refuses to reach it over plain HTTP again.</summary>
    public TimeSpan HstsMaxAge { get; set; } = TimeSpan.FromDays(365);
}
