using System.Net;
using System.Net.Sockets;

namespace MoveCenter.Testing;

internal static class LoopbackPort
{
    public static int Free() => Free(1)[0];

    /// <summary>
    /// Ports that are free now and differ from each other: each stays bound until all are chosen, since the system may
    /// hand out a port again as soon as it is released (a server given the same port twice refuses to start).
    /// </summary>
    public static int[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }

    /// <summary>Polls until something accepts connections on the port, or the process serving it has exited.</summary>
    public static async Task WaitUntilListeningAsync(int port, Func<bool> exited, Func<string> describe, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (exited()) throw new InvalidOperationException($"the server exited at start: {describe()}");
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"nothing listened on 127.0.0.1:{port} within {timeout}: {describe()}");
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                // Polling, not waiting a fixed time: the next connect attempt follows shortly.
                await Task.Delay(20);
            }
        }
    }
}
