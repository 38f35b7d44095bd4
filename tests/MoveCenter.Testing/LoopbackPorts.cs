using System.Net;
using System.Net.Sockets;

namespace MoveCenter.Testing;

internal static class LoopbackPorts
{
    /// <summary>A port nothing listens on now; the servers tests start bind it a moment later.</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
