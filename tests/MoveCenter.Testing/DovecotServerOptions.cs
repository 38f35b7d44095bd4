namespace MoveCenter.Testing;

/// <summary>How a test Dovecot is set up. The defaults suit fast, parallel tests on loopback.</summary>
public sealed record DovecotServerOptions
{
    /// <summary>
    /// Offer TLS with a freshly made self-signed certificate (so clients that validate certificates refuse it): STARTTLS on
    /// the IMAP port and implicit TLS on <see cref="DovecotServer.ImapsPort"/>.
    /// </summary>
    public bool StartTls { get; init; }

    /// <summary>
    /// Mailbox names that carry an RFC 6154 role. Dovecot gives roles by configuration only, so a test that needs a
    /// target whose \Sent folder has another name than the source's sets it here.
    /// </summary>
    public IReadOnlyDictionary<string, string> SpecialUseMailboxes { get; init; } = new Dictionary<string, string>
    {
        ["Sent"] = @"\Sent",
        ["Drafts"] = @"\Drafts",
        ["Trash"] = @"\Trash",
        ["Junk"] = @"\Junk",
        ["Archive"] = @"\Archive",
    };

    /// <summary>When set, Dovecot's quota plugin refuses any message bigger than this many bytes (to test refused appends).</summary>
    public long? MaxMessageSize { get; init; }

    /// <summary>
    /// Leave CONDSTORE and QRESYNC out of the advertised capabilities, as a server without mod-sequences: a client that
    /// follows the capabilities (MailKit does) then never asks for them.
    /// </summary>
    public bool WithoutModSequences { get; init; }

    public string MasterUser { get; init; } = "admin";

    public string MasterPassword { get; init; } = "masterpw";
}
