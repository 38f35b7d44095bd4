namespace MoveCenter.Web.Security;

/// <summary>First-start credentials (configuration section <c>MoveCenter:Bootstrap</c>).</summary>
public sealed class BootstrapOptions
{
    public const string Section = "MoveCenter:Bootstrap";

    public string AdminUser { get; set; } = "admin";

    /// <summary>The admin's password at first start; generated and printed once when not given.</summary>
    public string? AdminPassword { get; set; }

    /// <summary>An API key that scripts can use on a fresh install; generated and printed once when not given.</summary>
    public string? ApiKey { get; set; }
}
