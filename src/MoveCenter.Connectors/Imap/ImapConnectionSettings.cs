namespace MoveCenter.Connectors.Imap;

public enum ImapSecurity
{
    None,
    StartTls,
    Tls,
}

/// <summary>How to reach a post office's IMAP server with an account that may log in as any user (SASL PLAIN authzid).</summary>
public sealed record ImapConnectionSettings(
    string Host,
    int Port,
    ImapSecurity Security,
    string AdminUser,
    string AdminPassword,
    bool SkipCertificateValidation = false)
{
    /// <summary>Never prints the password: records put every member in ToString, and these end up in logs.</summary>
    public override string ToString() =>
        $"{{ Host = {Host}, Port = {Port}, Security = {Security}, AdminUser = {AdminUser}, SkipCertificateValidation = {SkipCertificateValidation} }}";
}

/// <summary>TLS could not be set up (handshake or certificate): the post office is unreachable in a way that retrying will not fix.</summary>
public sealed class TlsFailureException(string message, Exception? inner = null) : Exception(message, inner);
