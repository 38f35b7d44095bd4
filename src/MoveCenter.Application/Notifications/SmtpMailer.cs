using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using MoveCenter.Persistence.Notifications;

namespace MoveCenter.Application.Notifications;

/// <summary>Hands one message to the SMTP server with MailKit. A failure comes back as the server's (or the network's) own words.</summary>
public sealed class SmtpMailer
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(1);

    /// <returns>null when the server took the message, else why not.</returns>
    public async Task<string?> SendAsync(NotificationSettings settings, OutboxMessage message, CancellationToken cancellationToken)
    {
        var mime = new MimeMessage { Subject = message.Subject, Body = new TextPart("plain") { Text = message.Body } };
        mime.From.Add(MailboxAddress.Parse(settings.FromAddress));
        mime.To.AddRange(NotificationSettingsStore.Addresses(message.To).Select(MailboxAddress.Parse));
        mime.Cc.AddRange(NotificationSettingsStore.Addresses(message.Cc).Select(MailboxAddress.Parse));
        // The same id on every attempt, so a server that took a message whose answer was lost can recognise the second copy.
        mime.MessageId = $"movecenter.{message.Id}.{message.CreatedAt.Ticks}@{Domain(settings.FromAddress)}";
        using var client = new SmtpClient { Timeout = (int)Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.SmtpHost, settings.SmtpPort, Security(settings.SmtpSecurity), cancellationToken);
            if (settings.SmtpUser is { } user) await client.AuthenticateAsync(user, settings.SmtpPassword ?? "", cancellationToken);
            await client.SendAsync(mime, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return Words(ex, settings);
        }
    }

    private static string Words(Exception ex, NotificationSettings settings) => ex switch
    {
        SmtpCommandException command => $"The SMTP server {settings.SmtpHost}:{settings.SmtpPort} answered {(int)command.StatusCode}: {command.Message}",
        AuthenticationException auth => $"The SMTP server {settings.SmtpHost}:{settings.SmtpPort} refused the login of {settings.SmtpUser}: {auth.Message}",
        SslHandshakeException tls => $"TLS with {settings.SmtpHost}:{settings.SmtpPort} failed: {tls.Message}",
        SocketException socket => $"Cannot connect to the SMTP server {settings.SmtpHost}:{settings.SmtpPort}: {socket.Message}",
        ProtocolException protocol => $"The SMTP server {settings.SmtpHost}:{settings.SmtpPort} broke off: {protocol.Message}",
        _ => $"Sending through {settings.SmtpHost}:{settings.SmtpPort} failed: {ex.Message}",
    };

    private static SecureSocketOptions Security(string security) => security switch
    {
        "none" => SecureSocketOptions.None,
        "tls" => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTls,
    };

    private static string Domain(string address) => address[(address.LastIndexOf('@') + 1)..];
}
