using MimeKit;

namespace MoveCenter.Testing;

/// <summary>
/// A real SMTP server on loopback (Debian's aiosmtpd, run as a child process), in its own temporary directory. Every
/// message it accepts is written to a file there, as it arrived, for tests to read. It can be told to refuse mail with
/// a reply of the test's choosing, and stopped and started again on the same port.
/// </summary>
public sealed class SmtpServer : IAsyncDisposable
{
    public const string Python = "/usr/bin/python3";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    // Writes each message to received/ by a rename, so that a reader never sees half a message.
    private const string Script = """
        import asyncio, os, sys, uuid
        from aiosmtpd.smtp import SMTP

        folder, port = sys.argv[1], int(sys.argv[2])

        class Handler:
            async def handle_DATA(self, server, session, envelope):
                refusal = os.path.join(folder, "refuse")
                if os.path.exists(refusal):
                    with open(refusal) as f:
                        return f.read().strip()
                name = uuid.uuid4().hex
                temporary = os.path.join(folder, "tmp", name)
                with open(temporary, "wb") as f:
                    f.write(envelope.original_content or envelope.content)
                os.rename(temporary, os.path.join(folder, "received", name + ".eml"))
                return "250 OK"

        async def main():
            server = await asyncio.get_running_loop().create_server(lambda: SMTP(Handler()), "127.0.0.1", port)
            print("listening", flush=True)
            async with server:
                await server.serve_forever()

        asyncio.run(main())
        """;

    private readonly string _root;
    private ServerProcess? _process;

    private SmtpServer(string root, int port)
    {
        _root = root;
        Port = port;
    }

    public string Host => "127.0.0.1";

    public int Port { get; }

    public bool IsRunning => _process is { HasExited: false };

    private string Received => Path.Combine(_root, "received");

    /// <param name="running">false prepares the server on its port without starting it: a mail server that is down.</param>
    public static async Task<SmtpServer> StartAsync(bool running = true)
    {
        if (!File.Exists(Python) || !Directory.Exists("/usr/lib/python3/dist-packages/aiosmtpd"))
            throw new InvalidOperationException(
                "Debian's aiosmtpd is missing: these tests need a real SMTP server. Run the README's test command, which installs it: " +
                "apt-get install -y --no-install-recommends python3-aiosmtpd && dotnet test");
        var root = Path.Combine(Path.GetTempPath(), $"movecenter-smtp-{Guid.NewGuid():N}");
        var server = new SmtpServer(root, LoopbackPort.Free());
        Directory.CreateDirectory(Path.Combine(root, "tmp"));
        Directory.CreateDirectory(server.Received);
        await File.WriteAllTextAsync(Path.Combine(root, "server.py"), Script);
        try
        {
            if (running) await server.StartAgainAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the server (again, after <see cref="Stop"/>) on the same port and returns once it accepts connections.</summary>
    public async Task StartAgainAsync()
    {
        if (IsRunning) return;
        _process = ServerProcess.Start(Python, ["-u", Path.Combine(_root, "server.py"), _root, $"{Port}"]);
        await _process.WaitUntilListeningAsync("aiosmtpd", Port, () => "", StartTimeout);
    }

    public void Stop()
    {
        _process?.Dispose();
        _process = null;
    }

    /// <summary>From now on every message is refused with <paramref name="reply"/> (e.g. "451 4.3.2 Not now"), until <see cref="Accept"/>.</summary>
    public void Refuse(string reply) => File.WriteAllText(Path.Combine(_root, "refuse"), reply);

    public void Accept() => File.Delete(Path.Combine(_root, "refuse"));

    /// <summary>Every message accepted so far, oldest first, parsed from the bytes the server received.</summary>
    public IReadOnlyList<MimeMessage> Messages() =>
        [.. new DirectoryInfo(Received).GetFiles("*.eml").OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.Name).Select(f => MimeMessage.Load(f.FullName))];

    /// <summary>Waits until a message that satisfies <paramref name="match"/> has arrived and returns it.</summary>
    public async Task<MimeMessage> WaitForAsync(Func<MimeMessage, bool> match, string what)
    {
        var messages = await Eventually.UntilAsync(() => Task.FromResult(Messages()), all => all.Any(match),
            $"the SMTP server received {what}");
        return messages.First(match);
    }

    public ValueTask DisposeAsync()
    {
        Stop();
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }
}
