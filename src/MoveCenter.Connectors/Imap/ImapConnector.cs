using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MoveCenter.Connectors.Imap;

/// <summary>Connects and logs in, and turns MailKit's failures into the contract's exceptions with the reason spelled out.</summary>
internal static class ImapConnector
{
    public static async Task<ImapClient> ConnectAsync(ImapConnectionSettings settings, CancellationToken cancellationToken)
    {
        var client = new ImapClient(new ImapResponseTail());
        if (settings.SkipCertificateValidation) client.ServerCertificateValidationCallback = (_, _, _, _) => true;
        try
        {
            await ConnectAsync(client, settings, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Connects a client that is not connected: a new one, or one whose connection was given up.</summary>
    public static async Task ConnectAsync(ImapClient client, ImapConnectionSettings settings, CancellationToken cancellationToken)
    {
        // MailKit's own socket keeps Nagle's algorithm on: a command written in pieces (APPEND's literals, the line
        // after them) then waits for the server's delayed ACK, up to 40 ms per round trip.
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(settings.Host, settings.Port, cancellationToken);
            await client.ConnectAsync(new BufferedSocketStream(socket), settings.Host, settings.Port, SocketOptions(settings.Security), cancellationToken);
        }
        catch (SslHandshakeException e)
        {
            socket.Dispose();
            throw new PostOfficeUnavailableException($"TLS failure with {settings.Host}:{settings.Port}: {e.Message}",
                new TlsFailureException(e.Message, e));
        }
        catch (Exception e) when (e is SocketException or IOException or ImapProtocolException or NotSupportedException)
        {
            socket.Dispose();
            throw new PostOfficeUnavailableException($"cannot connect to {settings.Host}:{settings.Port}: {e.Message}", e);
        }
    }

    /// <summary>Logs in as the admin on behalf of <paramref name="mailboxId"/>, so the session belongs to that user.</summary>
    public static async Task LogInAsUserAsync(ImapClient client, ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken)
    {
        await AuthenticateAsync(client, settings, mailboxId, cancellationToken);
        // Non-ASCII folder names then travel as UTF-8 instead of modified UTF-7 (MailKit decodes both).
        if (client.Capabilities.HasFlag(ImapCapabilities.UTF8Accept)) await client.EnableUTF8Async(cancellationToken);
    }

    /// <summary>Logs in as the admin; with an authorization identity the session then belongs to that user.</summary>
    public static async Task AuthenticateAsync(
        ImapClient client, ImapConnectionSettings settings, string? authorizationId, CancellationToken cancellationToken)
    {
        var mechanism = new SaslMechanismPlain(new NetworkCredential(settings.AdminUser, settings.AdminPassword));
        if (authorizationId is not null) mechanism.AuthorizationId = authorizationId;
        try
        {
            await client.AuthenticateAsync(mechanism, cancellationToken);
        }
        catch (AuthenticationException e)
        {
            throw new MailboxAccessException(
                $"the server refused the admin credentials (or the user does not exist): {ImapResponseTail.Words(client, e.Message)}", e);
        }
        catch (Exception e) when (ImapFailures.IsConnectionLoss(e))
        {
            throw ImapFailures.Unavailable(settings, e);
        }
    }

    private static SecureSocketOptions SocketOptions(ImapSecurity security) => security switch
    {
        ImapSecurity.None => SecureSocketOptions.None,
        ImapSecurity.StartTls => SecureSocketOptions.StartTls,
        ImapSecurity.Tls => SecureSocketOptions.SslOnConnect,
        _ => throw new ArgumentOutOfRangeException(nameof(security), security, null),
    };
}

/// <summary>Which MailKit exceptions mean "the server is gone" rather than "this command was refused".</summary>
internal static class ImapFailures
{
    public static bool IsConnectionLoss(Exception e) =>
        e is IOException or SocketException or ImapProtocolException or ServiceNotConnectedException;

    public static PostOfficeUnavailableException Unavailable(ImapConnectionSettings settings, Exception e) =>
        new($"the connection to {settings.Host}:{settings.Port} was lost: {e.Message}", e);
}
