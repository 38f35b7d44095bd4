namespace MoveCenter.Persistence.Notifications;

/// <summary>
/// The notification settings an admin saved in the browser; the single row (id 1) replaces the configuration's
/// <c>MoveCenter:Notifications</c> values. The SMTP password is kept encrypted, never in clear text.
/// </summary>
public sealed class NotificationSettingsRow
{
    public const int SingleId = 1;
    public const int AddressListMaxLength = 2000;

    public int Id { get; set; } = SingleId;
    public bool Enabled { get; set; }
    public string SmtpHost { get; set; } = "";
    public int SmtpPort { get; set; }
    public string SmtpSecurity { get; set; } = "";
    public string? SmtpUser { get; set; }
    public string? SmtpPasswordProtected { get; set; }
    public string FromAddress { get; set; } = "";

    /// <summary>Addresses separated by ";".</summary>
    public string AdminAddresses { get; set; } = "";

    /// <summary>Addresses separated by ";".</summary>
    public string HelpdeskAddresses { get; set; } = "";
    public string WhomToCall { get; set; } = "";

    /// <summary>Events before this are not told: turning notifications on does not send what happened while they were off.</summary>
    public DateTime EnabledSince { get; set; }
    public DateTime UpdatedAt { get; set; }
    public string UpdatedBy { get; set; } = "";
}
