using MoveCenter.Application.Notifications;

namespace MoveCenter.Web.Components.Notifications;

/// <summary>What the Notifications page edits, filled from the settings in force and turned into one save request.</summary>
public sealed class NotificationSettingsForm
{
    public bool Enabled { get; set; }
    public string SmtpHost { get; set; } = "";
    public int SmtpPort { get; set; }
    public string SmtpSecurity { get; set; } = "starttls";
    public string? SmtpUser { get; set; }

    /// <summary>Left empty, the stored password stays; the page never shows it.</summary>
    public string? NewSmtpPassword { get; set; }
    public bool HasStoredPassword { get; init; }
    public string FromAddress { get; set; } = "";
    public string AdminAddresses { get; set; } = "";
    public string HelpdeskAddresses { get; set; } = "";
    public string WhomToCall { get; set; } = "";
    public List<NotificationTemplateForm> Templates { get; init; } = [];

    public static NotificationSettingsForm From(NotificationSettings settings, IReadOnlyList<NotificationTemplate> templates) => new()
    {
        Enabled = settings.Enabled,
        SmtpHost = settings.SmtpHost,
        SmtpPort = settings.SmtpPort,
        SmtpSecurity = settings.SmtpSecurity,
        SmtpUser = settings.SmtpUser,
        HasStoredPassword = settings.SmtpPassword is not null,
        FromAddress = settings.FromAddress,
        AdminAddresses = string.Join("; ", settings.AdminAddresses),
        HelpdeskAddresses = string.Join("; ", settings.HelpdeskAddresses),
        WhomToCall = settings.WhomToCall,
        Templates = [.. templates.Select(t => new NotificationTemplateForm
        {
            Info = NotificationKinds.Of(t.Kind), Enabled = t.Enabled, CopyHelpdesk = t.CopyHelpdesk, Subject = t.Subject, Body = t.Body,
        })],
    };

    public SaveNotificationSettingsRequest ToRequest() => new(
        Enabled, SmtpHost, SmtpPort, SmtpSecurity, SmtpUser, string.IsNullOrEmpty(NewSmtpPassword) ? null : NewSmtpPassword, FromAddress,
        AdminAddresses, HelpdeskAddresses, WhomToCall,
        [.. Templates.Select(t => new NotificationTemplateRequest(t.Info.Kind.ToString(), t.Enabled, t.CopyHelpdesk, t.Subject, t.Body))]);
}

public sealed class NotificationTemplateForm
{
    public required NotificationKindInfo Info { get; init; }
    public bool Enabled { get; set; }
    public bool CopyHelpdesk { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
}
