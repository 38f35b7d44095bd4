using System.Net;
using System.Net.Sockets;

namespace MoveCenter.Testing;

internal static class LoopbackPort
{
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
