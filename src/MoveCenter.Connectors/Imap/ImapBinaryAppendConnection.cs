using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.IO;

namespace MoveCenter.Connectors.Imap;

/// <summary>The server's tagged answer to an APPEND: OK with the UID it gave (when it names one), or NO/BAD with its words.</summary>
internal sealed record BinaryAppendResult(bool Stored, string? UidKey, string Response);

/// <summary>
/// A second connection of a session, used only to APPEND with a literal8 (RFC 3516 BINARY), which MailKit does not
/// write (it sends every message as a plain literal, which may not hold a NUL). Just what that needs: TLS as the
/// session has it, SASL PLAIN with the user as authorization identity, and one APPEND at a time.
/// </summary>
internal sealed partial class ImapBinaryAppendConnection : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly ImapConnectionSettings _settings;
    private Stream _stream;
    private ImapLineReader _reader;
    private int _tag;

    private ImapBinaryAppendConnection(TcpClient tcp, ImapConnectionSettings settings)
    {
        _tcp = tcp;
        _settings = settings;
        _stream = tcp.GetStream();
        _reader = new ImapLineReader(_stream);
    }

    public static async Task<ImapBinaryAppendConnection> OpenAsync(
        ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken)
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
        var connection = new ImapBinaryAppendConnection(tcp, settings);
        try
        {
            if (settings.Security == ImapSecurity.Tls) await connection.StartTlsAsync(cancellationToken);
            await connection._reader.ReadLineAsync(cancellationToken);
            if (settings.Security == ImapSecurity.StartTls)
            {
                await connection.ExpectOkAsync("STARTTLS", cancellationToken);
                await connection.StartTlsAsync(cancellationToken);
            }
            var plain = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{mailboxId}\0{settings.AdminUser}\0{settings.AdminPassword}"));
            var tag = connection.NextTag();
            await connection.WriteAsync($"{tag} AUTHENTICATE PLAIN\r\n", cancellationToken);
            var line = await connection._reader.ReadLineAsync(cancellationToken);
            if (!line.StartsWith('+')) throw new MailboxAccessException($"the server refused SASL PLAIN: {line}");
            await connection.WriteAsync($"{plain}\r\n", cancellationToken);
            var answer = await connection.TaggedAsync(tag, cancellationToken);
            if (!IsOk(answer)) throw new MailboxAccessException($"the server refused the admin credentials for {mailboxId}: {answer}");
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

    /// <summary>APPENDs the message as <see cref="RawMimeMessage.Format"/> writes it, in a literal8.</summary>
    public async Task<BinaryAppendResult> AppendAsync(string mailboxName, string flags, DateTimeOffset internalDate, MimeMessage message,
        CancellationToken cancellationToken)
    {
        using var measure = new MeasuringStream();
        await message.WriteToAsync(RawMimeMessage.Format, measure, cancellationToken);
        var tag = NextTag();
        var date = internalDate.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
                   internalDate.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        await WriteAsync($"{tag} APPEND {Quote(ModifiedUtf7.Encode(mailboxName))} ({flags}) \"{date}\" ~{{{measure.Length}}}\r\n", cancellationToken);
        var line = await _reader.ReadLineAsync(cancellationToken);
        // The server may refuse the literal before it is sent (too big, over quota): then its answer is the tagged one.
        while (line.StartsWith('*')) line = await _reader.ReadLineAsync(cancellationToken);
        if (!line.StartsWith('+')) return Result(line);
        await message.WriteToAsync(RawMimeMessage.Format, _stream, cancellationToken);
        await WriteAsync("\r\n", cancellationToken);
        return Result(await TaggedAsync(tag, cancellationToken));

        BinaryAppendResult Result(string answer)
        {
            var words = answer[(answer.IndexOf(' ') + 1)..];
            var uid = AppendUid().Match(answer);
            return new BinaryAppendResult(IsOk(answer), uid.Success ? $"{uid.Groups[1].Value}:{uid.Groups[2].Value}" : null, words);
        }
    }

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
        await _stream.DisposeAsync();
        _tcp.Dispose();
    }

    private async Task StartTlsAsync(CancellationToken cancellationToken)
    {
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false, _settings.SkipCertificateValidation ? (_, _, _, _) => true : null);
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = _settings.Host }, cancellationToken);
        _stream = tls;
        _reader = new ImapLineReader(tls);
    }

    private async Task ExpectOkAsync(string command, CancellationToken cancellationToken)
    {
        var tag = NextTag();
        await WriteAsync($"{tag} {command}\r\n", cancellationToken);
        var answer = await TaggedAsync(tag, cancellationToken);
        if (!IsOk(answer)) throw new IOException($"{command} refused: {answer}");
    }

    private async Task<string> TaggedAsync(string tag, CancellationToken cancellationToken)
    {
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line.StartsWith(tag + " ", StringComparison.Ordinal)) return line;
        }
    }

    private async Task WriteAsync(string text, CancellationToken cancellationToken)
    {
        await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), cancellationToken);
        await _stream.FlushAsync(cancellationToken);
    }

    private string NextTag() => $"B{++_tag}";

    private static bool IsOk(string tagged) => tagged.Split(' ', 3) is [_, var status, ..] && status.Equals("OK", StringComparison.OrdinalIgnoreCase);

    private static string Quote(string text) => $"\"{text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    [GeneratedRegex(@"\[APPENDUID (\d+) (\d+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex AppendUid();
}
