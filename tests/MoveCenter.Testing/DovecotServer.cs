using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace MoveCenter.Testing;

/// <summary>
/// A private Dovecot (IMAP + ManageSieve) on loopback, in its own temporary directory, for tests against a real server.
/// Users are added on demand; the master user logs in as any of them (SASL PLAIN with authzid = the user).
/// </summary>
public sealed class DovecotServer : IAsyncDisposable
{
    public const string DovecotBinary = "/usr/sbin/dovecot";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly DovecotPaths _paths;
    private Process? _process;

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

    /// <summary>The server's own dovecot.conf, for doveadm to act on its storage (<c>doveadm -c</c>).</summary>
    public string ConfigPath => _paths.Config;

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
        var server = new DovecotServer(paths, FreeLoopbackPort(), FreeLoopbackPort(), FreeLoopbackPort(), options);
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

    /// <summary>The path of one user's Maildir.</summary>
    public string MaildirOf(string user) => Path.Combine(_paths.Mail, user);

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same ports and returns once IMAP accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(DovecotBinary, ["-F", "-c", _paths.Config])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            },
        };
        var output = new DovecotOutput();
        process.OutputDataReceived += (_, e) => output.Add(e.Data);
        process.ErrorDataReceived += (_, e) => output.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        await WaitUntilListeningAsync(process, output);
    }

    /// <summary>Stops the server the way an administrator would (SIGTERM): open sessions are cut, the data stays.</summary>
    public void Stop()
    {
        if (_process is not { } process) return;
        if (!process.HasExited)
        {
            UnixProcess.Terminate(process.Id);
            if (!process.WaitForExit(TimeSpan.FromSeconds(15))) process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
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

    private async Task WaitUntilListeningAsync(Process process, DovecotOutput output)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Dovecot exited with code {process.ExitCode} at start: {output.Tail()} {LogTail()}");
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Dovecot did not listen on {Host}:{ImapPort} within {StartTimeout}: {LogTail()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, ImapPort);
                return;
            }
            catch (SocketException)
            {
                // Polling, not waiting a fixed time: the next connect attempt follows shortly.
                await Task.Delay(20);
            }
        }
    }

    private string LogTail() =>
        File.Exists(_paths.Log) ? string.Join(" | ", File.ReadLines(_paths.Log).TakeLast(5)) : "(no log)";

    private static string PasswdLine(string user, string password) => $"{user}:{{PLAIN}}{password}::::::\n";

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The last lines Dovecot printed, for start-up error messages.</summary>
    private sealed class DovecotOutput
    {
        private readonly Queue<string> _lines = new();

        public void Add(string? line)
        {
            if (line is null) return;
            lock (_lines)
            {
                _lines.Enqueue(line);
                if (_lines.Count > 20) _lines.Dequeue();
            }
        }

        public string Tail()
        {
            lock (_lines) return string.Join(" | ", _lines);
        }
    }
}
