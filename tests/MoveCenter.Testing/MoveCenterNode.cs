using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Testing;

/// <summary>
/// One MoveCenter node as an operator runs it: the built web host (<c>dotnet MoveCenter.Web.dll</c>) in a process of
/// its own, configured through environment variables only. It can be killed with SIGKILL and started again on the
/// same port, data folder and node name, as a crashed service that its supervisor restarts.
/// </summary>
public sealed class MoveCenterNode : IAsyncDisposable
{
    public const string ApiKey = "node-tests-bootstrap-key-0123456789";
    public static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(90);

    private static readonly ConcurrentDictionary<int, Process> Running = new();
    private readonly IReadOnlyDictionary<string, string> _environment;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _outputFile;
    private Process? _process;

    static MoveCenterNode()
    {
        // A test that fails before disposing its nodes must not leave MoveCenter processes behind.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var process in Running.Values) KillQuietly(process);
        };
    }

    /// <param name="nodeId">MoveCenter:Engine:NodeId; kept across restarts, so the node recognises its own earlier leases.</param>
    /// <param name="dataDirectory">The node's data folder (logs); the database is <paramref name="database"/>.</param>
    /// <param name="database">The database every node of the test shares: a SQLite file or a PostgreSQL database.</param>
    /// <param name="configuration">Further settings in configuration form (<c>MoveCenter:Engine:LeaseDuration</c>).</param>
    public MoveCenterNode(string nodeId, string dataDirectory, DatabaseSettings database, IReadOnlyDictionary<string, string> configuration)
    {
        NodeId = nodeId;
        Address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        Directory.CreateDirectory(dataDirectory);
        _outputFile = Path.Combine(dataDirectory, $"{nodeId}.console.log");
        var settings = new Dictionary<string, string>
        {
            ["Urls"] = Address.ToString().TrimEnd('/'),
            ["MoveCenter:DataDirectory"] = dataDirectory,
            ["MoveCenter:Database:Provider"] = database.Provider.ToString(),
            ["ConnectionStrings:MoveCenter"] = database.ConnectionString,
            ["MoveCenter:Engine:NodeId"] = nodeId,
            ["MoveCenter:Bootstrap:ApiKey"] = ApiKey,
            ["MoveCenter:Bootstrap:AdminPassword"] = "Node-Tests-Admin-Password-1",
            ["MoveCenter:Demo:Enabled"] = "false",
        };
        foreach (var (key, value) in configuration) settings[key] = value;
        _environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value);
        Api = new MoveCenterApi(Address, ApiKey);
    }

    public string NodeId { get; }

    public Uri Address { get; }

    public MoveCenterApi Api { get; }

    public int? ProcessId => _process is { HasExited: false } process ? process.Id : null;

    public bool IsRunning => ProcessId is not null;

    /// <summary>The web host's build output, recorded in the test project or program that runs nodes when it was built (MoveCenterWebHost.targets).</summary>
    public static string WebAssembly { get; } = FindWebAssembly();

    /// <summary>Starts the process and returns once <c>/health</c> answers 200 (database and job engine up).</summary>
    public async Task StartAsync()
    {
        if (IsRunning) throw new InvalidOperationException($"Node {NodeId} is running already.");
        var start = new ProcessStartInfo("dotnet", [WebAssembly])
        {
            // The content root, where appsettings.json is, as a service manager would start it.
            WorkingDirectory = Path.GetDirectoryName(WebAssembly)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _environment) start.Environment[key] = value;
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.Start();
        Running[process.Id] = process;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        Keep($"==== node {NodeId} started as process {process.Id}");
        await WaitUntilHealthyAsync(process);
    }

    /// <summary>SIGKILL: no shutdown code runs, leases stay as they were, open connections drop.</summary>
    public async Task KillAsync()
    {
        if (_process is not { } process) return;
        KillQuietly(process);
        await process.WaitForExitAsync(CancellationToken.None);
        Running.TryRemove(process.Id, out _);
        Keep($"==== node {NodeId} (process {process.Id}) killed");
        process.Dispose();
        _process = null;
    }

    /// <summary>The node's last console lines, for failure messages.</summary>
    public string RecentOutput(int lines = 40) => string.Join("\n", _output.TakeLast(lines).Select(l => "  " + l));

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Api.Dispose();
    }

    private async Task WaitUntilHealthyAsync(Process process)
    {
        var ct = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = Address, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException($"Node {NodeId} exited with code {process.ExitCode} while starting:\n{RecentOutput()}");
            if (deadline.Elapsed > StartLimit)
                throw new TimeoutException($"Node {NodeId} did not answer /health within {StartLimit}:\n{RecentOutput()}");
            try
            {
                using var response = await http.GetAsync("/health", ct);
                if (response.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // A start under load can take longer than one request's timeout.
            }
            await Task.Delay(50, ct);
        }
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        _output.Enqueue(line);
        while (_output.Count > 400) _output.TryDequeue(out _);
        lock (_output) File.AppendAllText(_outputFile, line + "\n");
    }

    private static void KillQuietly(Process process)
    {
        try
        {
            // Process.Kill sends SIGKILL on Linux; the tree, in case the dotnet muxer ever runs the host as a child.
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
    }

    private static string FindWebAssembly()
    {
        var path = Assembly.GetEntryAssembly()?.GetCustomAttributes<AssemblyMetadataAttribute>()
            .SingleOrDefault(a => a.Key == "MoveCenterWebAssembly")?.Value;
        if (string.IsNullOrEmpty(path) || !File.Exists(path))
            throw new InvalidOperationException(
                $"The MoveCenter web host was not found at '{path}'. Build the solution first: dotnet build MoveCenter.sln -c Release (tests/run.sh does).");
        return path;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
