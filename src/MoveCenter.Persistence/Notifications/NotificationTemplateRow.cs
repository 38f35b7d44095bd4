namespace MoveCenter.Persistence.Notifications;

/// <summary>One kind of notification as an admin edited it: on or off, copied to the helpdesk or not, and its text.</summary>
public sealed class NotificationTemplateRow
{
    public const int KindMaxLength = 64;
    public const int SubjectMaxLength = 500;
    public const int BodyMaxLength = 8000;

    public string Kind { get; set; } = "";
    public bool Enabled { get; set; }
    public bool CopyHelpdesk { get; set; }
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
}
