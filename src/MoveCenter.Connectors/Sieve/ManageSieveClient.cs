using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;
using MoveCenter.Connectors.Imap;

namespace MoveCenter.Connectors.Sieve;

/// <summary>One line of a script list: the name and whether it is the active script.</summary>
public sealed record SieveScriptName(string Name, bool Active);

/// <summary>
/// A small ManageSieve client (RFC 5804): plain TCP with optional STARTTLS, SASL PLAIN with an authorization identity
/// (an admin acting for a user, as Dovecot master users allow), and the script commands the mover needs.
/// Not thread-safe: one command at a time.
/// </summary>
public sealed class ManageSieveClient : IAsyncDisposable
{
    private readonly TcpClient _tcp;
    private readonly string _endpoint;
    private Stream _stream;
    private SieveReader _reader;

    private ManageSieveClient(TcpClient tcp, string endpoint)
    {
        _tcp = tcp;
        _endpoint = endpoint;
        _stream = tcp.GetStream();
        _reader = new SieveReader(_stream);
    }

    /// <summary>The capabilities the server announced last (after STARTTLS, the ones it announced over TLS), by name.</summary>
    public IReadOnlyDictionary<string, string> Capabilities { get; private set; } = new Dictionary<string, string>();

    public bool IsAuthenticated { get; private set; }

    /// <summary>Connects, reads the greeting and, when asked to or when <paramref name="requireTls"/>, switches to TLS.</summary>
    /// <exception cref="PostOfficeUnavailableException">The server cannot be reached, TLS fails, or it greets with BYE.</exception>
    public static async Task<ManageSieveClient> ConnectAsync(
        string host, int port, bool requireTls, bool skipCertificateValidation, CancellationToken cancellationToken)
    {
        var endpoint = $"{host}:{port}";
        var tcp = new TcpClient { NoDelay = true };
        ManageSieveClient? client = null;
        try
        {
            await tcp.ConnectAsync(host, port, cancellationToken);
            client = new ManageSieveClient(tcp, endpoint);
            client.Capabilities = await client.ReadCapabilitiesAsync(cancellationToken);
            if (requireTls) await client.StartTlsAsync(host, skipCertificateValidation, cancellationToken);
            return client;
        }
        catch (Exception e) when (e is SocketException or IOException or TlsFailureException or ManageSieveProtocolException)
        {
            if (client is not null) await client.DisposeAsync();
            else tcp.Dispose();
            throw new PostOfficeUnavailableException($"cannot connect to the ManageSieve service at {endpoint}: {e.Message}", e);
        }
        catch
        {
            if (client is not null) await client.DisposeAsync();
            else tcp.Dispose();
            throw;
        }
    }

    /// <summary>SASL PLAIN (RFC 4616): authenticates as <paramref name="user"/> and, with an authorization identity, acts as that user.</summary>
    /// <exception cref="MailboxAccessException">The server refused the credentials or the authorization identity.</exception>
    public async Task AuthenticateAsync(string user, string password, string? authorizationId, CancellationToken cancellationToken)
    {
        var mechanisms = Capabilities.TryGetValue("SASL", out var sasl) ? sasl.Split(' ', StringSplitOptions.RemoveEmptyEntries) : [];
        if (!mechanisms.Contains("PLAIN", StringComparer.OrdinalIgnoreCase))
            throw new MailboxAccessException($"the ManageSieve service at {_endpoint} does not offer SASL PLAIN (it offers: {sasl ?? "nothing"}).");
        var initial = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{authorizationId ?? ""}\0{user}\0{password}"));
        var response = await CommandAsync($"AUTHENTICATE \"PLAIN\" {Quote(initial)}", cancellationToken, throwOnNo: false);
        if (response.Status != SieveStatus.Ok)
            throw new MailboxAccessException(
                $"the ManageSieve service at {_endpoint} refused {user}{(authorizationId is null ? "" : $" acting for {authorizationId}")}: {response.Describe()}");
        IsAuthenticated = true;
    }

    /// <summary>LISTSCRIPTS: every script's name and which one is active.</summary>
    public async Task<IReadOnlyList<SieveScriptName>> ListScriptsAsync(CancellationToken cancellationToken)
    {
        var response = await CommandAsync("LISTSCRIPTS", cancellationToken);
        return response.Lines
            .Where(line => line.Count > 0 && line[0].IsString)
            .Select(line => new SieveScriptName(line[0].Text, line.Count > 1 && line[1].IsAtom("ACTIVE")))
            .ToList();
    }

    /// <summary>GETSCRIPT: the script's text exactly as the server stores it.</summary>
    public async Task<string> GetScriptAsync(string name, CancellationToken cancellationToken)
    {
        var response = await CommandAsync($"GETSCRIPT {Quote(name)}", cancellationToken);
        var content = response.Lines.FirstOrDefault(line => line.Count > 0 && line[0].IsString)
            ?? throw new ManageSieveProtocolException($"GETSCRIPT {name} returned no script content.");
        return content[0].Text;
    }

    /// <summary>PUTSCRIPT: stores (or replaces) the script; the server checks it compiles and refuses it with its reason if not.</summary>
    public async Task PutScriptAsync(string name, string content, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        await CommandAsync($"PUTSCRIPT {Quote(name)} {{{bytes.Length.ToString(CultureInfo.InvariantCulture)}+}}\r\n", bytes, cancellationToken);
    }

    /// <summary>SETACTIVE: makes the script the one the server runs; an empty name deactivates every script.</summary>
    public Task SetActiveAsync(string name, CancellationToken cancellationToken) =>
        CommandAsync($"SETACTIVE {Quote(name)}", cancellationToken);

    public Task DeleteScriptAsync(string name, CancellationToken cancellationToken) =>
        CommandAsync($"DELETESCRIPT {Quote(name)}", cancellationToken);

    /// <summary>LOGOUT, then closes the connection.</summary>
    public async Task LogoutAsync(CancellationToken cancellationToken)
    {
        await CommandAsync("LOGOUT", cancellationToken, throwOnNo: false, byeIsFinal: true);
        await DisposeAsync();
    }

    public ValueTask DisposeAsync()
    {
        _stream.Dispose();
        _tcp.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task StartTlsAsync(string host, bool skipCertificateValidation, CancellationToken cancellationToken)
    {
        if (!Capabilities.ContainsKey("STARTTLS"))
            throw new ManageSieveProtocolException("the server does not offer STARTTLS");
        var response = await CommandAsync("STARTTLS", cancellationToken, throwOnNo: false);
        if (response.Status != SieveStatus.Ok) throw new ManageSieveProtocolException($"STARTTLS refused: {response.Describe()}");
        var tls = new SslStream(_stream, leaveInnerStreamOpen: false,
            skipCertificateValidation ? (_, _, _, _) => true : null);
        try
        {
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = host }, cancellationToken);
        }
        catch (System.Security.Authentication.AuthenticationException e)
        {
            throw new TlsFailureException($"TLS failure: {e.Message}", e);
        }
        _stream = tls;
        _reader = new SieveReader(tls);
        // RFC 5804 2.2: after a successful TLS negotiation the server sends its capabilities again.
        Capabilities = await ReadCapabilitiesAsync(cancellationToken);
    }

    private async Task<Dictionary<string, string>> ReadCapabilitiesAsync(CancellationToken cancellationToken)
    {
        var response = await ReadResponseAsync(cancellationToken);
        if (response.Status != SieveStatus.Ok) throw new ManageSieveProtocolException($"the server greeted with {response.Describe()}");
        var capabilities = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in response.Lines.Where(l => l.Count > 0 && l[0].IsString))
            capabilities[line[0].Text] = line.Count > 1 ? line[1].Text : "";
        return capabilities;
    }

    private Task<SieveResponse> CommandAsync(string command, CancellationToken cancellationToken, bool throwOnNo = true, bool byeIsFinal = false) =>
        CommandAsync(command, null, cancellationToken, throwOnNo, byeIsFinal);

    private async Task<SieveResponse> CommandAsync(
        string command, byte[]? literal, CancellationToken cancellationToken, bool throwOnNo = true, bool byeIsFinal = false)
    {
        var verb = command.Split(' ', 2)[0].TrimEnd('\r', '\n');
        SieveResponse response;
        try
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(command), cancellationToken);
            if (literal is not null) await _stream.WriteAsync(literal, cancellationToken);
            await _stream.WriteAsync("\r\n"u8.ToArray(), cancellationToken);
            await _stream.FlushAsync(cancellationToken);
            response = await ReadResponseAsync(cancellationToken);
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException or ManageSieveProtocolException)
        {
            throw new PostOfficeUnavailableException($"the ManageSieve connection to {_endpoint} failed during {verb}: {e.Message}", e);
        }
        if (response.Status == SieveStatus.Bye && !byeIsFinal)
            throw new PostOfficeUnavailableException($"the ManageSieve service at {_endpoint} closed the connection during {verb}: {response.Describe()}");
        if (response.Status == SieveStatus.No && throwOnNo)
            throw new RuleRefusedException($"the ManageSieve service at {_endpoint} refused {verb}: {response.Describe()}");
        return response;
    }

    private async Task<SieveResponse> ReadResponseAsync(CancellationToken cancellationToken)
    {
        var lines = new List<IReadOnlyList<SieveToken>>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line.Count > 0 && line[0].Kind == SieveTokenKind.Atom && ParseStatus(line[0].Text) is { } status)
            {
                var code = line.Skip(1).FirstOrDefault(t => t.Kind == SieveTokenKind.Code)?.Text;
                var text = line.Skip(1).FirstOrDefault(t => t.IsString)?.Text;
                return new SieveResponse(status, code, text, lines);
            }
            lines.Add(line);
        }
    }

    private static SieveStatus? ParseStatus(string atom) => atom.ToUpperInvariant() switch
    {
        "OK" => SieveStatus.Ok,
        "NO" => SieveStatus.No,
        "BYE" => SieveStatus.Bye,
        _ => null,
    };

    /// <summary>A quoted string, or a literal when the value cannot be quoted (line breaks, or longer than quoting allows).</summary>
    private static string Quote(string value)
    {
        if (value.Contains('\r') || value.Contains('\n') || value.Contains('\0'))
            throw new ArgumentException("ManageSieve names and arguments cannot contain line breaks or NUL.", nameof(value));
        return "\"" + value.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";
    }
}

/// <summary>The server said something this client cannot parse.</summary>
public sealed class ManageSieveProtocolException(string message) : Exception(message);

internal enum SieveStatus
{
    Ok,
    No,
    Bye,
}

internal sealed record SieveResponse(SieveStatus Status, string? Code, string? Text, IReadOnlyList<IReadOnlyList<SieveToken>> Lines)
{
    public string Describe() =>
        $"{Status.ToString().ToUpperInvariant()}{(Code is null ? "" : $" ({Code})")} \"{Text ?? ""}\"";
}

internal enum SieveTokenKind
{
    Atom,
    Quoted,
    Literal,
    Code,
}

internal sealed record SieveToken(SieveTokenKind Kind, string Text)
{
    public bool IsString => Kind is SieveTokenKind.Quoted or SieveTokenKind.Literal;

    public bool IsAtom(string name) => Kind == SieveTokenKind.Atom && string.Equals(Text, name, StringComparison.OrdinalIgnoreCase);
}

/// <summary>Reads the server's lines as tokens: atoms, quoted strings, literals <c>{n}</c> (whose bytes may span lines) and response codes.</summary>
internal sealed class SieveReader(Stream stream)
{
    private const int MaxLiteral = 64 * 1024 * 1024;
    private readonly byte[] _buffer = new byte[16 * 1024];
    private int _position;
    private int _length;

    public async Task<IReadOnlyList<SieveToken>> ReadLineAsync(CancellationToken cancellationToken)
    {
        var tokens = new List<SieveToken>();
        while (true)
        {
            var b = await ReadByteAsync(cancellationToken);
            switch (b)
            {
                case (byte)' ':
                    continue;
                case (byte)'\r':
                    if (await ReadByteAsync(cancellationToken) != '\n') throw new ManageSieveProtocolException("CR without LF");
                    return tokens;
                case (byte)'\n':
                    return tokens;
                case (byte)'"':
                    tokens.Add(new SieveToken(SieveTokenKind.Quoted, await ReadQuotedAsync(cancellationToken)));
                    break;
                case (byte)'{':
                    tokens.Add(new SieveToken(SieveTokenKind.Literal, await ReadLiteralAsync(cancellationToken)));
                    break;
                case (byte)'(':
                    tokens.Add(new SieveToken(SieveTokenKind.Code, await ReadCodeAsync(cancellationToken)));
                    break;
                default:
                    tokens.Add(new SieveToken(SieveTokenKind.Atom, await ReadAtomAsync(b, cancellationToken)));
                    break;
            }
        }
    }

    private async Task<string> ReadQuotedAsync(CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = await ReadByteAsync(cancellationToken);
            if (b == '"') return Encoding.UTF8.GetString(bytes.ToArray());
            if (b == '\\') b = await ReadByteAsync(cancellationToken);
            else if (b is (byte)'\r' or (byte)'\n') throw new ManageSieveProtocolException("line break inside a quoted string");
            bytes.Add(b);
        }
    }

    private async Task<string> ReadLiteralAsync(CancellationToken cancellationToken)
    {
        var digits = new StringBuilder();
        byte b;
        while ((b = await ReadByteAsync(cancellationToken)) != '}')
        {
            if (b == '+') continue;
            if (b is < (byte)'0' or > (byte)'9') throw new ManageSieveProtocolException("bad literal length");
            digits.Append((char)b);
        }
        if (await ReadByteAsync(cancellationToken) != '\r' || await ReadByteAsync(cancellationToken) != '\n')
            throw new ManageSieveProtocolException("literal length not followed by CRLF");
        if (!int.TryParse(digits.ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var length) || length > MaxLiteral)
            throw new ManageSieveProtocolException($"literal of {digits} bytes is too long");
        var bytes = new byte[length];
        for (var i = 0; i < length;)
        {
            if (_position == _length) await FillAsync(cancellationToken);
            var count = Math.Min(length - i, _length - _position);
            Array.Copy(_buffer, _position, bytes, i, count);
            _position += count;
            i += count;
        }
        return Encoding.UTF8.GetString(bytes);
    }

    private async Task<string> ReadCodeAsync(CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var quoted = false;
        while (true)
        {
            var b = await ReadByteAsync(cancellationToken);
            if (b is (byte)'\r' or (byte)'\n') throw new ManageSieveProtocolException("unterminated response code");
            if (b == '"') quoted = !quoted;
            if (b == ')' && !quoted) return text.ToString();
            text.Append((char)b);
        }
    }

    private async Task<string> ReadAtomAsync(byte first, CancellationToken cancellationToken)
    {
        var text = new StringBuilder().Append((char)first);
        while (true)
        {
            if (_position == _length) await FillAsync(cancellationToken);
            var b = _buffer[_position];
            if (b is (byte)' ' or (byte)'\r' or (byte)'\n') return text.ToString();
            _position++;
            text.Append((char)b);
        }
    }

    private async ValueTask<byte> ReadByteAsync(CancellationToken cancellationToken)
    {
        if (_position == _length) await FillAsync(cancellationToken);
        return _buffer[_position++];
    }

    private async Task FillAsync(CancellationToken cancellationToken)
    {
        _length = await stream.ReadAsync(_buffer, cancellationToken);
        _position = 0;
        if (_length == 0) throw new IOException("the server closed the connection");
    }
}
