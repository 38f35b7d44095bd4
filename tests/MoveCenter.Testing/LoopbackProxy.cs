using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace MoveCenter.Testing;

/// <summary>One client connection through a <see cref="LoopbackProxy"/>, as the proxy saw it.</summary>
public sealed record ProxiedConnection(int Number, IPEndPoint Client, string? Label, DateTime OpenedAt)
{
    private long _bytesToServer;
    private long _bytesToClient;

    public long BytesToServer => Interlocked.Read(ref _bytesToServer);

    public long BytesToClient => Interlocked.Read(ref _bytesToClient);

    /// <summary>Set when the connection ended, by either side or by a cut.</summary>
    public DateTime? ClosedAt { get; internal set; }

    /// <summary>The proxy cut the connection (a reset to both sides), rather than either side closing it.</summary>
    public bool WasCut { get; internal set; }

    internal long AddToServer(int count) => Interlocked.Add(ref _bytesToServer, count);

    internal long AddToClient(int count) => Interlocked.Add(ref _bytesToClient, count);
}

/// <summary>
/// A real TCP proxy on a free loopback port in front of one server, to make that server unreachable (connections
/// refused) and to cut open connections in the middle of whatever they carry, without touching the server itself.
/// </summary>
public sealed class LoopbackProxy : IAsyncDisposable
{
    private const int BufferSize = 16 * 1024;

    private readonly IPEndPoint _upstream;
    private readonly ConcurrentDictionary<int, OpenConnection> _open = new();
    private readonly ConcurrentQueue<ProxiedConnection> _history = new();
    private readonly CancellationTokenSource _disposed = new();
    private readonly object _listening = new();
    private Socket? _listener;
    private Task _acceptLoop = Task.CompletedTask;
    private int _connections;
    private int _cuts;

    private LoopbackProxy(IPEndPoint upstream) => _upstream = upstream;

    public string Host => "127.0.0.1";

    public int Port { get; private set; }

    /// <summary>How many bytes (both ways) a new connection may carry before the proxy cuts it; null: no limit.</summary>
    public Func<long?>? CutAfterBytes { get; set; }

    /// <summary>Names the client of a new connection while it is open (for example, the process that owns it).</summary>
    public Func<IPEndPoint, string?>? LabelClient { get; set; }

    /// <summary>Every connection the proxy accepted, in order.</summary>
    public IReadOnlyList<ProxiedConnection> Connections => [.. _history];

    public int Cuts => Volatile.Read(ref _cuts);

    public bool IsAdmitting
    {
        get
        {
            lock (_listening) return _listener is not null;
        }
    }

    public static LoopbackProxy Start(string upstreamHost, int upstreamPort)
    {
        var proxy = new LoopbackProxy(new IPEndPoint(IPAddress.Parse(upstreamHost), upstreamPort));
        proxy.Admit();
        return proxy;
    }

    /// <summary>Stops listening: new connections are refused as by a server that is down. Open ones carry on.</summary>
    public void Refuse()
    {
        lock (_listening)
        {
            _listener?.Dispose();
            _listener = null;
        }
    }

    /// <summary>Listens (again) on the same port.</summary>
    public void Admit()
    {
        lock (_listening)
        {
            if (_listener is not null) return;
            var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            listener.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            listener.Bind(new IPEndPoint(IPAddress.Loopback, Port));
            listener.Listen(128);
            Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
            _listener = listener;
            _acceptLoop = AcceptAsync(listener);
        }
    }

    /// <summary>Cuts every open connection with a reset, as a failing network or a crashed server would. Returns how many.</summary>
    public int CutAll()
    {
        var cut = 0;
        foreach (var connection in _open.Values)
            if (connection.Cut()) cut++;
        return cut;
    }

    public async ValueTask DisposeAsync()
    {
        await _disposed.CancelAsync();
        Refuse();
        CutAll();
        await _acceptLoop;
        _disposed.Dispose();
    }

    private async Task AcceptAsync(Socket listener)
    {
        while (!_disposed.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(_disposed.Token);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
            {
                return; // refused or disposed: this listener is gone
            }
            var endpoint = (IPEndPoint)client.RemoteEndPoint!;
            // Labelled before anything else happens, while the client's socket surely exists.
            var record = new ProxiedConnection(Interlocked.Increment(ref _connections), endpoint, LabelClient?.Invoke(endpoint), DateTime.UtcNow);
            _history.Enqueue(record);
            _ = RelayAsync(client, record, CutAfterBytes?.Invoke());
        }
    }

    private async Task RelayAsync(Socket client, ProxiedConnection record, long? budget)
    {
        var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var connection = new OpenConnection(client, server, record, () => Interlocked.Increment(ref _cuts));
        _open[record.Number] = connection;
        try
        {
            await server.ConnectAsync(_upstream, _disposed.Token);
            await Task.WhenAll(
                PumpAsync(client, server, connection, count => record.AddToServer(count) + record.BytesToClient > budget),
                PumpAsync(server, client, connection, count => record.AddToClient(count) + record.BytesToServer > budget));
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The upstream server refused or went away: the client sees its connection close.
        }
        finally
        {
            _open.TryRemove(record.Number, out _);
            connection.Close();
        }
    }

    /// <summary>Copies one direction until it ends; <paramref name="cutNow"/> sees each chunk after it was forwarded.</summary>
    private async Task PumpAsync(Socket from, Socket to, OpenConnection connection, Func<int, bool> cutNow)
    {
        var buffer = new byte[BufferSize];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _disposed.Token);
                if (read == 0) break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _disposed.Token);
                if (!cutNow(read)) continue;
                connection.Cut();
                return;
            }
            // One side finished sending: pass the half-close on, so the other side sees the end as it would directly.
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or OperationCanceledException)
        {
            connection.Cut(byProxy: false);
        }
    }

    private sealed class OpenConnection(Socket client, Socket server, ProxiedConnection record, Action onCut)
    {
        private int _closed;

        /// <summary>
        /// Resets both sides (linger 0 sends RST instead of FIN) unless the connection is closed already.
        /// <paramref name="byProxy"/> is false when a failure of one side is passed on to the other.
        /// </summary>
        public bool Cut(bool byProxy = true)
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1) return false;
            record.WasCut = byProxy;
            if (byProxy) onCut();
            Reset(client);
            Reset(server);
            record.ClosedAt = DateTime.UtcNow;
            return true;
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1) return;
            client.Dispose();
            server.Dispose();
            record.ClosedAt = DateTime.UtcNow;
        }

        private static void Reset(Socket socket)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // Already closed by the other direction's pump; disposing is all that is left.
            }
            socket.Dispose();
        }
    }
}
