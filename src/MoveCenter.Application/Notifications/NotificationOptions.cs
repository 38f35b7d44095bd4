using Microsoft.Extensions.Options;

namespace MoveCenter.Application.Notifications;

/// <summary>
/// E-mail notifications (configuration section <c>MoveCenter:Notifications</c>). The SMTP and address settings are the
/// starting values: once an admin saves the Notifications page, the database's copy is used instead.
/// </summary>
public sealed class NotificationOptions
{
    public const string Section = "MoveCenter:Notifications";

    public bool Enabled { get; set; }
    public string SmtpHost { get; set; } = "";
    public int SmtpPort { get; set; } = 25;

    /// <summary><c>none</c>, <c>starttls</c> or <c>tls</c>.</summary>
    public string SmtpSecurity { get; set; } = "starttls";
    public string? SmtpUser { get; set; }
    public string? SmtpPassword { get; set; }
    public string FromAddress { get; set; } = "";

    /// <summary>Addresses separated by ";" or ",".</summary>
    public string AdminAddresses { get; set; } = "";

    /// <summary>Addresses separated by ";" or ","; they get a copy of each kind marked for the helpdesk.</summary>
    public string HelpdeskAddresses { get; set; } = "";

    /// <summary>Told to a person whose move failed, as {WhomToCall}.</summary>
    public string WhomToCall { get; set; } = "your helpdesk";

    /// <summary>How often each worker node looks for new events and for messages due to be sent.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The wait before the first retry of a message the SMTP server did not take; it doubles with each attempt.</summary>
    public TimeSpan FirstRetryInterval { get; set; } = TimeSpan.FromSeconds(30);

    public TimeSpan MaxRetryInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed attempts a message waits for an admin to send it again.</summary>
    public int MaxAttempts { get; set; } = 10;

    /// <summary>Time of day (UTC) when the daily summary goes to the admins.</summary>
    public TimeSpan DailySummaryAt { get; set; } = TimeSpan.FromHours(7);

    /// <summary>Events older than this when a node first sees them are not told any more (a node that was down long).</summary>
    public TimeSpan CatchUp { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>Refuses to start with intervals the outbox cannot work with, naming the key to correct.</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        var problems = new List<string>();
        if (options.PollInterval <= TimeSpan.Zero) problems.Add($"{NotificationOptions.Section}:PollInterval must be longer than zero.");
        if (options.FirstRetryInterval <= TimeSpan.Zero) problems.Add($"{NotificationOptions.Section}:FirstRetryInterval must be longer than zero.");
        if (options.MaxRetryInterval < options.FirstRetryInterval)
            problems.Add($"{NotificationOptions.Section}:MaxRetryInterval must not be shorter than FirstRetryInterval.");
        if (options.MaxAttempts < 1) problems.Add($"{NotificationOptions.Section}:MaxAttempts must be at least 1.");
        if (options.DailySummaryAt < TimeSpan.Zero || options.DailySummaryAt >= TimeSpan.FromDays(1))
            problems.Add($"{NotificationOptions.Section}:DailySummaryAt must be a time of day, 00:00 to 23:59.");
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
