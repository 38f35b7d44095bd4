using System.Globalization;
using System.Net;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>
/// Which of some processes holds the client end of a loopback TCP connection, read from Linux's /proc: the socket's
/// inode in /proc/net/tcp, then the process whose file descriptors include it. It lets a proxy tell the MoveCenter
/// nodes apart without any help from them.
/// </summary>
public static class LoopbackSocketOwner
{
    public static int? Find(IPEndPoint client, IEnumerable<int> candidates)
    {
        if (InodeOf(client) is not { } inode) return null;
        var link = $"socket:[{inode}]";
        foreach (var pid in candidates)
        {
            try
            {
                if (Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget == link)) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or a descriptor closed while it was read.
            }
        }
        return null;
    }

    /// <summary>Lines of /proc/net/tcp: "sl local_address rem_address st ... uid timeout inode", addresses as hex IP:port.</summary>
    private static long? InodeOf(IPEndPoint client)
    {
        var local = $"{Hex(client.Address)}:{client.Port:X4}";
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 9 && fields[1] == local) return long.Parse(fields[9], CultureInfo.InvariantCulture);
        }
        return null;
    }

    /// <summary>The kernel prints an IPv4 address as one 32-bit number in host byte order (little-endian here).</summary>
    private static string Hex(IPAddress address)
    {
        var bytes = address.MapToIPv4().GetAddressBytes();
        Array.Reverse(bytes);
        return Convert.ToHexString(bytes);
    }
}
