using MimeKit;
using MimeKit.Utils;

namespace MoveCenter.Connectors;

/// <summary>The few header fields a listing reports, read the same way by every connector.</summary>
public sealed record MessageHeaders(string? MessageId, string? Subject, string? From)
{
    private const int MaxLength = 500;

    public static readonly MessageHeaders None = new(null, null, null);

    public static readonly HeaderId[] Wanted = [HeaderId.MessageId, HeaderId.Subject, HeaderId.From];

    public static MessageHeaders Read(HeaderList? headers)
    {
        if (headers is null) return None;
        var rawId = headers[HeaderId.MessageId];
        var messageId = string.IsNullOrWhiteSpace(rawId) ? null : MimeUtils.ParseMessageId(rawId) ?? rawId.Trim();
        return new MessageHeaders(messageId, Clip(headers[HeaderId.Subject]), Clip(headers[HeaderId.From]));
    }

    public MessageSummary ApplyTo(MessageSummary summary) => summary with { Subject = Subject, From = From };

    private static string? Clip(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var trimmed = value.Trim();
        return trimmed.Length <= MaxLength ? trimmed : trimmed[..MaxLength];
    }
}
