namespace MoveCenter.Testing;

/// <summary>The shapes of <see cref="MessageShapes.All"/> that Cyrus IMAP 3.6 refuses at APPEND, each with Cyrus's own words.</summary>
public static class CyrusRefusals
{
    /// <summary>Cyrus wants a header field first: a line that is not one, before the empty line, makes it refuse the message.</summary>
    public static IReadOnlyDictionary<string, string> Shapes { get; } = new Dictionary<string, string>
    {
        ["plain text, no header at all"] = "Message contains invalid header",
        ["a // line first"] = "Message contains invalid header",
        ["no line break at all"] = "Message contains invalid header",
    };
}
