namespace MoveCenter.Connectors.Imap;

public enum ImapSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>How to reach a post office's IMAP server with an account that may log in as any user (SASL PLAIN authzid).</summary>
/// <param name="SievePort">
/// The ManageSieve port of the same host (usually 4190), reached with the same admin account; null when the post
/// office offers no Sieve rules. ManageSieve has no implicit-TLS port: with <see cref="ImapSecurity.StartTls"/> or
/// <see cref="ImapSecurity.Tls"/> it uses STARTTLS.
/// </param>
public sealed record ImapConnectionSettings(
    string Host,
    int Port,
    ImapSecurity Security,
    string AdminUser,
    string AdminPassword,
    bool SkipCertificateValidation = false,
    int? SievePort = null)
{
    /// <summary>Never prints the password: records put every member in ToString, and these end up in logs.</summary>
    public override string ToString() =>
        $"{{ Host = {Host}, Port = {Port}, Security = {Security}, AdminUser = {AdminUser}, SkipCertificateValidation = {SkipCertificateValidation}, SievePort = {SievePort} }}";
}

/// <summary>TLS could not be set up (handshake or certificate): the post office is unreachable in a way that retrying will not fix.</summary>
public sealed class TlsFailureException(string message, Exception? inner = null) : Exception(message, inner);
