namespace MoveCenter.Connectors.Demo;

/// <summary>What demo mailbox to generate. The same spec always gives the same bytes.</summary>
public sealed record DemoMailboxSpec(int Seed, int MessageCount)
{
    /// <summary>A few messages with attachments of 1–2.5 MB (at most three per mailbox).</summary>
    public bool IncludeLargeAttachments { get; init; } = true;

    public int BatchSize { get; init; } = 25;

    /// <summary>
    /// Runs after the messages are in, to add an item the store itself cannot read. Only a file store can do
    /// that; for Maildir pass <c>() => MaildirDemoItems.PlantUnreadableItem(maildirPath)</c>.
    /// </summary>
    public Action? PlantUnreadableItem { get; init; }
}

/// <summary>Everything random about one demo message, drawn up front so that rendering order cannot change the bytes.</summary>
internal sealed record DemoMessagePlan(
    int Index,
    int Seed,
    FolderPath Folder,
    MessageFlags Flags,
    IReadOnlyList<string> Keywords,
    DateTimeOffset Date,
    string? MessageId,
    DemoPerson From,
    DemoPerson To,
    string Subject,
    bool WithHtml,
    int SmallAttachments,
    int LargeAttachmentBytes)
{
    public string DeliveryKey => $"{Date.ToUnixTimeSeconds()}.M{Index}P{Seed & 0x7FFFFFFF:x}.demo";
}

internal sealed record DemoPerson(string Name, string Address);
