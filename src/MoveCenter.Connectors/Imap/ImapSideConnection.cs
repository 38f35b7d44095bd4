using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A raw second connection of a session, for the RFC 3516 BINARY commands MailKit does not have: TLS as the session
/// has it (none, STARTTLS or implicit TLS) and the session's login (SASL PLAIN, the admin on the user's behalf).
/// </summary>
internal sealed class ImapSideConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly ImapConnectionSettings _settings;
    private int _tag;

    private ImapSideConnection(TcpClient tcp, ImapConnectionSettings settings)
    {
        _tcp = tcp;
        _settings = settings;
        Stream = tcp.GetStream();
        Reader = new ImapLineReader(Stream);
    }

    public Stream Stream { get; private set; }

    public ImapLineReader Reader { get; private set; }

    public static async Task<ImapSideConnection> OpenAsync(ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken)
    {
        var tcp = new TcpClient { NoDelay = true };
        try
        {
            await tcp.ConnectAsync(settings.Host, settings.Port, cancellationToken);
        }
        catch (SocketException e)
        {
            tcp.Dispose();
            throw ImapFailures.Unavailable(settings, e);
        }
        var connection = new ImapSideConnection(tcp, settings);
        try
        {
            await connection.LogInAsync(mailboxId, cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException)
        {
            await connection.DisposeAsync();
            throw ImapFailures.Unavailable(settings, e);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    public string NextTag() => $"B{++_tag}";

    public async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await Stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await Stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads up to the command's tagged answer, skipping what the server says before it.</summary>
    public async Task<string> TaggedAsync(string tag, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await Reader.ReadLineAsync(cancellationToken);
            if (IsTagged(line, tag)) return line;
        }
    }

    public static bool IsTagged(string line, string tag) => line.StartsWith(tag + " ", StringComparison.Ordinal);

    public static bool IsOk(string tagged) => tagged.Split(' ', 3) is [_, var status, ..] && status.Equals("OK", StringComparison.OrdinalIgnoreCase);

    public static string Quote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_tcp.Connected) await WriteAsync($"{NextTag()} LOGOUT\r\n", CancellationToken.None);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // Closing anyway.
        }
        await Stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task LogInAsync(string mailboxId, CancellationToken cancellationToken)
    {
        if (_settings.Security == ImapSecurity.Tls) await StartTlsAsync(cancellationToken);
        await Reader.ReadLineAsync(cancellationToken);
        if (_settings.Security == ImapSecurity.StartTls)
        {
            var starttls = NextTag();
            await WriteAsync($"{starttls} STARTTLS\r\n", cancellationToken);
            var answer = await TaggedAsync(starttls, cancellationToken);
            if (!IsOk(answer)) throw new IOException($"STARTTLS refused: {answer}");
            await StartTlsAsync(cancellationToken);
        }
        var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{mailboxId}\0{_settings.AdminUser}\0{_settings.AdminPassword}"));
        var tag = NextTag();
        await WriteAsync($"{tag} AUTHENTICATE PLAIN\r\n", cancellationToken);
        var line = await Reader.ReadLineAsync(cancellationToken);
        if (!line.StartsWith('+')) throw new MailboxAccessException($"the server refused SASL PLAIN: {line}");
        await WriteAsync($"{plain}\r\n", cancellationToken);
        var login = await TaggedAsync(tag, cancellationToken);
        if (!IsOk(login)) throw new MailboxAccessException($"the server refused the admin credentials for {mailboxId}: {login}");
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var tls = new SslStream(Stream, leaveInnerStreamOpen: false, _settings.SkipCertificateValidation ? (_, _, _, _) => true : null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _settings.Host }, cancellationToken);
        Stream = tls;
        Reader = new ImapLineReader(tls);
    }
}
