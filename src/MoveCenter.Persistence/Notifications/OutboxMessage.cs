namespace MoveCenter.Persistence.Notifications;

public enum OutboxState
{
    /// <summary>To be sent, at <see cref="OutboxMessage.NextAttemptAt"/>.</summary>
    Pending,
    Sent,
    /// <summary>Every attempt failed; it waits for an admin to send it again.</summary>
    Failed,
    /// <summary>Recorded but not to be sent: its kind was switched off, or nobody has an address for it.</summary>
    Off,
}

/// <summary>
/// One notification, written once per thing, kind and event (a unique index, so nodes that notice the same event
/// together record it once) and sent from here by the outbox job, apart from the move it tells of.
/// </summary>
public sealed class OutboxMessage
{
    public const int KeyMaxLength = 100;
    public const int ErrorMaxLength = 2000;

    public long Id { get; set; }
    public string Kind { get; set; } = "";

    /// <summary>What it is about: a move's or batch's id, or the day of a daily summary.</summary>
    public string AboutId { get; set; } = "";

    /// <summary>Which event of that thing: a history entry's id, the time a batch finished, a date.</summary>
    public string EventKey { get; set; } = "";

    /// <summary>The history entry it tells of, when it tells of one; how a node finds the events not yet recorded.</summary>
    public long? MoveEventId { get; set; }

    /// <summary>Addresses separated by ";".</summary>
    public string To { get; set; } = "";
    public string Cc { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Body { get; set; } = "";
    public OutboxState State { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public int Attempts { get; set; }

    /// <summary>The SMTP server's words (or the connection's) at the last failed attempt, or why it is <see cref="OutboxState.Off"/>.</summary>
    public string? LastError { get; set; }
    public DateTime? SentAt { get; set; }
}
