using System.Diagnostics;

namespace MoveCenter.Testing;

/// <summary>A server run in the foreground as a child process, its last output kept for start-up errors.</summary>
internal sealed class ServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Queue<string> _lines = new();

    private ServerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    public int Id => _process.Id;

    public static ServerProcess Start(string file, IEnumerable<string> arguments)
    {
        var process = new Process
        {
            StartInfo = new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false },
        };
        var server = new ServerProcess(process);
        process.OutputDataReceived += (_, e) => server.Add(e.Data);
        process.ErrorDataReceived += (_, e) => server.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    public Task WaitUntilListeningAsync(string name, int port, Func<string> log, TimeSpan timeout) =>
        LoopbackPort.WaitUntilListeningAsync(port, () => _process.HasExited,
            () => $"{name}{(_process.HasExited ? $" exited with code {_process.ExitCode}" : "")}: {Tail()} {log()}", timeout);

    /// <summary>Stops the server the way an administrator would (SIGTERM): open sessions are cut, the data stays.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        UnixProcess.Terminate(_process.Id);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(15))) _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Stop();
        _process.Dispose();
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines)
        {
            _lines.Enqueue(line);
            if (_lines.Count > 20) _lines.Dequeue();
        }
    }

    private string Tail()
    {
        lock (_lines) return string.Join(" | ", _lines);
    }
}
