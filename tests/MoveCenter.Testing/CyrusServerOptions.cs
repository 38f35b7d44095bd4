namespace MoveCenter.Testing;

/// <summary>How a test Cyrus IMAP is set up. The defaults are Debian's: namespace "INBOX." with '.' and munge8bit on.</summary>
public sealed record CyrusServerOptions
{
    /// <summary>
    /// Cyrus's alternative namespace (<c>altnamespace: yes</c>, <c>unixhierarchysep: yes</c>): folders at the top
    /// level with '/' between levels, instead of below "INBOX." with '.'.
    /// </summary>
    public bool AlternativeNamespace { get; init; }

    /// <summary>Cyrus's <c>munge8bit</c>, on by default: every 8-bit byte in a header is stored as 'X'.</summary>
    public bool Munge8Bit { get; init; } = true;

    /// <summary>Cyrus's <c>reject8bit</c>, off by default: refuse a message with 8-bit bytes in a header instead of munging them.</summary>
    public bool Reject8Bit { get; init; }

    public string MasterUser { get; init; } = "admin";

    public string MasterPassword { get; init; } = "masterpw";
}
