using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;

namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>
/// The README's first command, <c>dotnet run --project web/MoveCenter.Web</c>, run from the repository's root as a
/// child process in the environment a person's shell has (so ASP.NET Core's Production environment), on a fresh data
/// folder and a free port. It uses the build the test run made (<c>-c Release --no-build</c>) instead of building again.
/// </summary>
public sealed partial class ReadmeFirstCommand : IAsyncDisposable
{
    private static readonly TimeSpan StartLimit = TimeSpan.FromMinutes(3);

    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly TaskCompletionSource<string> _password = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReadmeFirstCommand(Process process, string dataDirectory, Uri address)
    {
        _process = process;
        DataDirectory = dataDirectory;
        Address = address;
    }

    public string DataDirectory { get; }

    public Uri Address { get; }

    /// <summary>The admin password the product printed on its first start.</summary>
    public string PrintedPassword => _password.Task.Result;

    public string Output
    {
        get
        {
            lock (_output) return _output.ToString();
        }
    }

    /// <summary>Starts the product and returns once it has printed how to sign in.</summary>
    public static async Task<ReadmeFirstCommand> StartAsync()
    {
        var project = Metadata("MoveCenterWebProject");
        var repository = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, "..", ".."));
        var dataDirectory = Path.Combine(Path.GetTempPath(), "movecenter-readme", Guid.NewGuid().ToString("N"));
        var address = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo("dotnet", ["run", "--project", "web/MoveCenter.Web", "-c", Metadata("BuildConfiguration"), "--no-build"])
        {
            WorkingDirectory = repository,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A person's shell sets none of these; a test runner's environment must not choose the environment for them.
        foreach (var name in start.Environment.Keys.Where(IsHostSetting).ToList()) start.Environment.Remove(name);
        start.Environment["MoveCenter__DataDirectory"] = dataDirectory;
        start.Environment["Urls"] = address.ToString().TrimEnd('/');

        var command = new ReadmeFirstCommand(new Process { StartInfo = start }, dataDirectory, address);
        command._process.OutputDataReceived += (_, e) => command.Keep(e.Data);
        command._process.ErrorDataReceived += (_, e) => command.Keep(e.Data);
        command._process.Start();
        command._process.BeginOutputReadLine();
        command._process.BeginErrorReadLine();
        var exited = command._process.WaitForExitAsync();
        var printed = await Task.WhenAny(command._password.Task, exited).WaitAsync(StartLimit);
        if (printed == exited)
            throw new InvalidOperationException($"The README's command exited with {command._process.ExitCode} before printing how to sign in:\n{command.Output}");
        return command;
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_output) _output.AppendLine(line);
        if (PasswordLine().Match(line) is { Success: true } match) _password.TrySetResult(match.Groups["password"].Value);
    }

    private static bool IsHostSetting(string name) =>
        name.StartsWith("ASPNETCORE_", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("DOTNET_ENVIRONMENT", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("MoveCenter__", StringComparison.OrdinalIgnoreCase)
        || name.Equals("Urls", StringComparison.OrdinalIgnoreCase);

    private static string Metadata(string key) =>
        typeof(ReadmeFirstCommand).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"The test assembly was built without its {key}.");

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("Sign in as 'admin' with the password (?<password>\\S+)")]
    private static partial Regex PasswordLine();

    public async ValueTask DisposeAsync()
    {
        // `dotnet run` starts the app as its child: the tree, or the app outlives the test.
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true);
    }
}
