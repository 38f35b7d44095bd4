using System.Diagnostics;

namespace MoveCenter.Testing;

/// <summary>
/// A private PostgreSQL server from Debian's package, run as a plain process: a fresh cluster in a temporary folder,
/// listening on a free loopback port with its Unix socket inside that folder, stopped and deleted on disposal.
/// PostgreSQL refuses to run as root, so under root it runs as the unprivileged <c>postgres</c> account.
/// </summary>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string Superuser = "postgres";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _root;
    private Process? _process;

    private PostgresServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_root, "data");

    public static async Task<PostgresServer> StartAsync()
    {
        if (!File.Exists(Path.Combine(BinDirectory, "initdb")))
            throw new InvalidOperationException(
                $"{BinDirectory}/initdb is missing: these tests need a real PostgreSQL 15. Run the README's test command, which installs it: " +
                "apt-get install -y --no-install-recommends postgresql && dotnet test");
        var root = Path.Combine(Path.GetTempPath(), $"movecenter-pg-{Guid.NewGuid():N}"[..32]);
        Directory.CreateDirectory(root);
        var server = new PostgresServer(root, LoopbackPort.Free());
        try
        {
            await server.StartProcessAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates an empty database and returns its connection string; each test gets its own.</summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        name ??= $"movecenter_{Guid.NewGuid():N}";
        await RunAsync("createdb", [.. ClientArguments, name]);
        return ConnectionString(name);
    }

    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port};Username={Superuser};Database={database};Include Error Detail=true";

    /// <summary>Runs a SQL script with psql, as a DBA applies one by hand; the first error fails it.</summary>
    public Task RunScriptAsync(string database, string scriptFile) =>
        RunAsync("psql", [.. ClientArguments, "-d", database, "-v", "ON_ERROR_STOP=1", "-q", "-f", scriptFile]);

    private string[] ClientArguments => ["-h", "127.0.0.1", "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-U", Superuser];

    private async Task StartProcessAsync()
    {
        if (Environment.IsPrivilegedProcess) await RunAsync("/bin/chown", [$"{Superuser}:", _root], asServer: false);
        await RunAsync("initdb", ["-D", DataDirectory, "-U", Superuser, "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8"]);
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        _process = new Process { StartInfo = StartInfo("postgres",
        [
            "-D", DataDirectory, "-p", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-k", _root,
            "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300",
            // A test database needs no durability: the server and its files are thrown away afterwards.
            "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
        ]) };
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.Contains("ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
        }
        _process.OutputDataReceived += OnLine;
        _process.ErrorDataReceived += OnLine;
        _process.Start();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var exited = _process.WaitForExitAsync();
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(StartTimeout));
        if (first != ready.Task)
        {
            lock (output)
                throw new InvalidOperationException($"PostgreSQL did not start on port {Port}:\n{string.Join("\n", output.TakeLast(20))}");
        }
    }

    private async Task RunAsync(string program, string[] arguments, bool asServer = true)
    {
        using var process = new Process { StartInfo = asServer ? StartInfo(program, arguments) : new ProcessStartInfo(program, arguments) };
        process.StartInfo.RedirectStandardOutput = true;
        process.StartInfo.RedirectStandardError = true;
        process.Start();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    /// <summary>PostgreSQL's own programs, as the postgres account when this process is root.</summary>
    private static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var path = Path.Combine(BinDirectory, program);
        var start = Environment.IsPrivilegedProcess
            ? new ProcessStartInfo("/usr/sbin/runuser", ["-u", Superuser, "--", path, .. arguments])
            : new ProcessStartInfo(path, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            // pg_ctl's fast shutdown ends the backends of connections a pool still holds open.
            try
            {
                await RunAsync("pg_ctl", ["-D", DataDirectory, "stop", "-m", "fast", "-w"]);
            }
            catch (InvalidOperationException)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync();
        }
        _process?.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder must not fail the test run.
        }
    }
}
