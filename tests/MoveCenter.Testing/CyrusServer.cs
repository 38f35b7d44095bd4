using System.Diagnostics;
using System.Net;
using MailKit.Net.Imap;
using MailKit.Security;

namespace MoveCenter.Testing;

/// <summary>
/// A private Cyrus IMAP on loopback, run as a plain process (Cyrus's <c>master</c> with one <c>imapd</c> service) in
/// its own temporary directory. Debian's cyrus-imapd package conflicts with dovecot-imapd, so imapd may come from the
/// unpacked package (tests/run.sh puts it under <see cref="UnpackedImapd"/>). The admin logs in as any user with
/// SASL PLAIN and the user as authorization identity.
/// </summary>
public sealed class CyrusServer : ITestImapServer, IAsyncDisposable
{
    public const string Binaries = "/usr/lib/cyrus/bin";
    public const string UnpackedImapd = "/opt/movecenter-test/cyrus/usr/lib/cyrus/bin/imapd";

    private const string EatMyData = "/usr/bin/eatmydata";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly string _root;
    private readonly SemaphoreSlim _sasldb = new(1, 1);
    private ServerProcess? _process;

    private CyrusServer(string root, int imapPort, CyrusServerOptions options)
    {
        _root = root;
        ImapPort = imapPort;
        Options = options;
    }

    public string Host => "127.0.0.1";

    public int ImapPort { get; }

    public CyrusServerOptions Options { get; }

    public string MasterUser => Options.MasterUser;

    public string MasterPassword => Options.MasterPassword;

    /// <summary>The default partition, where Cyrus keeps each message as a file of the bytes it stored.</summary>
    public string SpoolRoot => Path.Combine(_root, "spool");

    public static async Task<CyrusServer> StartAsync(string? name = null, CyrusServerOptions? options = null)
    {
        var imapd = Imapd();
        options ??= new CyrusServerOptions();
        var root = Path.Combine(Path.GetTempPath(), $"movecenter-cyrus-{name ?? "server"}-{Guid.NewGuid():N}"[..46]);
        var server = new CyrusServer(root, LoopbackPort.Free(), options);
        try
        {
            Directory.CreateDirectory(root);
            foreach (var folder in CyrusConfig.LibFolders) Directory.CreateDirectory(Path.Combine(root, "lib", folder));
            Directory.CreateDirectory(server.SpoolRoot);
            Directory.CreateDirectory(Path.Combine(root, "tmp"));
            await File.WriteAllTextAsync(Path.Combine(root, "imapd.conf"), CyrusConfig.Imapd(root, options));
            await File.WriteAllTextAsync(Path.Combine(root, "cyrus.conf"), CyrusConfig.Master(root, Binaries, imapd, server.ImapPort));
            await server.SetPasswordAsync(options.MasterUser, options.MasterPassword);
            // Cyrus's processes run as the cyrus account, which must own everything below the root.
            await RunAsync("chown", "-R", "cyrus:mail", root);
            string[] master = [$"{Binaries}/master", "-C", Path.Combine(root, "imapd.conf"), "-M", Path.Combine(root, "cyrus.conf"), "-p", Path.Combine(root, "master.pid")];
            // Without fsync, like the test Dovecots (mail_fsync = never): the tests measure behaviour, not disks.
            if (File.Exists(EatMyData)) master = [EatMyData, .. master];
            // In a session of its own: master signals its whole process group as it stops, which would stop every
            // other Cyrus (and the test host) started from the same process.
            server._process = ServerProcess.Start("/usr/bin/setsid", master);
            await server._process.WaitUntilListeningAsync("Cyrus master", server.ImapPort, () => "", StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Adds a SASL user and creates its mailbox (user.NAME, or user/NAME in the alternative namespace).</summary>
    public async Task AddUserAsync(string user, string password)
    {
        if (user.Length == 0 || user.IndexOfAny(['.', '/', '@', ' ', '\n']) >= 0)
            throw new ArgumentException("Cyrus users here cannot contain '.', '/', '@', spaces or line breaks.", nameof(user));
        await SetPasswordAsync(user, password);
        using var admin = await ImapMailboxReader.LoginAsAdminAsync(this);
        var users = admin.OtherNamespaces[0];
        await admin.GetFolder(users).CreateAsync(user, isMessageFolder: true);
        await admin.DisconnectAsync(quit: true);
    }

    /// <summary>SASL PLAIN as the admin with the user as authorization identity, as the product logs in.</summary>
    public Task LogInAsUserAsync(ImapClient client, string user, CancellationToken cancellationToken) =>
        client.AuthenticateAsync(new SaslMechanismPlain(new NetworkCredential(MasterUser, MasterPassword)) { AuthorizationId = user }, cancellationToken);

    public ValueTask DisposeAsync()
    {
        _process?.Dispose();
        _process = null;
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        _sasldb.Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task SetPasswordAsync(string user, string password)
    {
        var sasldb = Path.Combine(_root, "sasldb2");
        await _sasldb.WaitAsync();
        try
        {
            using var process = Process.Start(new ProcessStartInfo("saslpasswd2", ["-p", "-c", "-f", sasldb, user])
            {
                RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false,
            }) ?? throw new InvalidOperationException("saslpasswd2 did not start");
            await process.StandardInput.WriteAsync(password);
            process.StandardInput.Close();
            var error = await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0) throw new InvalidOperationException($"saslpasswd2 failed for {user}: {error}");
            await RunAsync("chown", "cyrus:mail", sasldb);
        }
        finally
        {
            _sasldb.Release();
        }
    }

    private static string Imapd()
    {
        if (!Environment.IsPrivilegedProcess)
            throw new InvalidOperationException("CyrusServer must run as root: Cyrus's master switches to the cyrus account.");
        if (!File.Exists($"{Binaries}/master") || !File.Exists("/usr/sbin/saslpasswd2"))
            throw new InvalidOperationException(
                "Cyrus is missing: these tests need cyrus-common and sasl2-bin. Run the README's test command (tests/run.sh), which installs them.");
        return new[] { $"{Binaries}/imapd", UnpackedImapd }.FirstOrDefault(File.Exists)
               ?? throw new InvalidOperationException(
                   $"Cyrus's imapd is missing: tests/run.sh unpacks it to {UnpackedImapd} (apt-get download cyrus-imapd; dpkg-deb -x).");
    }

    private static async Task RunAsync(string file, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardError = true, UseShellExecute = false })
                            ?? throw new InvalidOperationException($"{file} did not start");
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} failed: {error}");
    }
}
