using System.Diagnostics;
using MailKit.Net.Imap;

namespace MoveCenter.Testing;

/// <summary>
/// A private Dovecot (IMAP + ManageSieve) on loopback, in its own temporary directory, for tests against a real server.
/// Users are added on demand; the master user logs in as any of them (SASL PLAIN with authzid = the user).
/// </summary>
public sealed partial class DovecotServer : ITestImapServer, IAsyncDisposable
{
    public const string DovecotBinary = "/usr/sbin/dovecot";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DovecotPaths _paths;
    private ServerProcess? _process;

    private DovecotServer(DovecotPaths paths, int imapPort, int imapsPort, int sievePort, DovecotServerOptions options)
    {
        _paths = paths;
        ImapPort = imapPort;
        ImapsPort = imapsPort;
        SievePort = sievePort;
        MasterUser = options.MasterUser;
        MasterPassword = options.MasterPassword;
    }

    public string Host => "127.0.0.1";

    public int ImapPort { get; }

    /// <summary>The implicit-TLS port (like 993); it listens only when the server was started with TLS.</summary>
    public int ImapsPort { get; }

    public int SievePort { get; }

    public string MasterUser { get; }

    public string MasterPassword { get; }

    /// <summary>The directory holding every user's Maildir (<c>{MaildirRoot}/{user}</c>), laid out as the Maildir connector expects.</summary>
    public string MaildirRoot => _paths.Mail;

    public bool IsRunning => _process is { HasExited: false };

    public static async Task<DovecotServer> StartAsync(string? name = null, DovecotServerOptions? options = null)
    {
        if (!File.Exists(DovecotBinary))
            throw new InvalidOperationException(
                $"{DovecotBinary} is missing: these tests need a real Dovecot. Run the README's test command, which installs it: " +
                "apt-get install -y --no-install-recommends dovecot-imapd dovecot-managesieved && dotnet test");
        options ??= new DovecotServerOptions();
        var root = Path.Combine(Path.GetTempPath(), $"movecenter-dovecot-{name ?? "server"}-{Guid.NewGuid():N}"[..48]);
        var paths = new DovecotPaths(root);
        var ports = LoopbackPort.Free(3);
        var server = new DovecotServer(paths, ports[0], ports[1], ports[2], options);
        try
        {
            server.WriteFiles(options);
            await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a user with a password; it can log in as soon as this returns.</summary>
    public async Task AddUserAsync(string user, string password)
    {
        if (user.Length == 0 || user.IndexOfAny([':', '/', '\n', '%']) >= 0 || password.IndexOfAny([':', '\n']) >= 0)
            throw new ArgumentException("Users cannot contain ':', '/', '%' or line breaks, passwords neither ':' nor line breaks.");
        var temporary = Path.Combine(_paths.Users, $".{user}.{Guid.NewGuid():N}");
        await File.WriteAllTextAsync(temporary, PasswdLine(user, password));
        // Renamed into place so that Dovecot never reads a half-written file.
        File.Move(temporary, Path.Combine(_paths.Users, user), overwrite: true);
    }

    /// <summary>Runs doveadm against this server's own configuration and returns its exit code and output.</summary>
    public async Task<(int ExitCode, string Output)> DoveadmAsync(IEnumerable<string> arguments, CancellationToken cancellationToken = default)
    {
        var start = new ProcessStartInfo("/usr/bin/doveadm", ["-c", _paths.Config, .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("doveadm did not start.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, (await output) + (await errors));
    }

    /// <summary>Dovecot's master-user login: "user*master" with the master's password.</summary>
    public Task LogInAsUserAsync(ImapClient client, string user, CancellationToken cancellationToken) =>
        client.AuthenticateAsync($"{user}*{MasterUser}", MasterPassword, cancellationToken);

    /// <summary>The master process, whose children serve the sessions; null while stopped.</summary>
    /// <summary>From now on, Dovecot keeps what <paramref name="user"/>'s new sessions send, for <see cref="CommandsOf"/>.</summary>
    public void RecordCommandsOf(string user)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("DovecotServer runs Dovecot, which needs Linux.");
        var folder = Path.Combine(_paths.RawLog, user);
        Directory.CreateDirectory(folder);
        // Dovecot writes it as the mail processes' unprivileged user.
        File.SetUnixFileMode(folder, (UnixFileMode)0b111_111_111);
    }

    /// <summary>How many of <paramref name="user"/>'s sessions were recorded: one per connection, however many logical sessions it served.</summary>
    public int SessionsOf(string user) => Directory.EnumerateFiles(Path.Combine(_paths.RawLog, user), "*.in").Count();

    /// <summary>
    /// The commands <paramref name="user"/>'s recorded sessions sent, session by session, without their tags
    /// ("LIST \"\" \"*\" RETURN (SUBSCRIBED)"); what a literal carried is left out. Dovecot writes a session's file as it goes,
    /// and completely once the session has logged out.
    /// </summary>
    public IReadOnlyList<string> CommandsOf(string user) =>
        Directory.EnumerateFiles(Path.Combine(_paths.RawLog, user), "*.in").Order(StringComparer.Ordinal)
            .SelectMany(file => File.ReadLines(file, System.Text.Encoding.Latin1))
            .Select(line => RawLogCommand().Match(line))
            .Where(match => match.Success)
            .Select(match => match.Groups["command"].Value)
            .ToList();

    /// <summary>"1796470559.551945 A00000001 NAMESPACE": the time Dovecot received it, MailKit's tag, the command.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"^\d+\.\d+ [A-Z]\d{8} (?<command>[A-Z].*)$")]
    private static partial System.Text.RegularExpressions.Regex RawLogCommand();

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    /// <summary>The path of one user's Maildir.</summary>
    public string MaildirOf(string user) => Path.Combine(_paths.Mail, user);

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same ports and returns once IMAP accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        _process = ServerProcess.Start(DovecotBinary, ["-F", "-c", _paths.Config]);
        await _process.WaitUntilListeningAsync("Dovecot", ImapPort, LogTail, StartTimeout);
    }

    /// <summary>Stops the server the way an administrator would (SIGTERM): open sessions are cut, the data stays.</summary>
    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        if (Directory.Exists(_paths.Root)) Directory.Delete(_paths.Root, recursive: true);
        return ValueTask.CompletedTask;
    }

    private void WriteFiles(DovecotServerOptions options)
    {
        if (!OperatingSystem.IsLinux()) throw new PlatformNotSupportedException("DovecotServer runs Dovecot, which needs Linux.");
        Directory.CreateDirectory(_paths.Root);
        foreach (var directory in new[] { _paths.Run, _paths.State }) Directory.CreateDirectory(directory);
        var owner = UnixProcess.MailOwner();
        Directory.CreateDirectory(_paths.Mail);
        // The mail processes run unprivileged and create each user's Maildir here.
        File.SetUnixFileMode(_paths.Mail, (UnixFileMode)0b111_111_111);
        File.WriteAllText(_paths.MasterUsers, PasswdLine(MasterUser, MasterPassword));
        // The master user is also an ordinary user, so that a plain admin login (a connection test) succeeds.
        Directory.CreateDirectory(_paths.Users);
        File.WriteAllText(Path.Combine(_paths.Users, MasterUser), PasswdLine(MasterUser, MasterPassword));
        if (options.StartTls) SelfSignedCertificate.Write(_paths.Certificate, _paths.Key);
        File.WriteAllText(_paths.Config, DovecotConfig.Render(_paths, ImapPort, ImapsPort, SievePort, owner, options));
    }

    private string LogTail() =>
        File.Exists(_paths.Log) ? string.Join(" | ", File.ReadLines(_paths.Log).TakeLast(5)) : "(no log)";

    private static string PasswdLine(string user, string password) => $"{user}:{{PLAIN}}{password}::::::\n";
}
