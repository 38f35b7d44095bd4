using System.Globalization;
using System.Net;

namespace MoveCenter.Resilience.Tests.Support;

/// <summary>
/// Which of some processes holds the client end of a loopback TCP connection, read from Linux's /proc: the socket's
/// inode in /proc/net/tcp (or tcp6, where .NET's dual-mode sockets appear), then the process whose file descriptors
/// include it. It lets a proxy tell the MoveCenter nodes apart without any help from them.
/// </summary>
public static class LoopbackSocketOwner
{
    private static readonly string[] SocketTables = ["/proc/net/tcp", "/proc/net/tcp6"];

    public static int? Find(IPEndPoint client, IEnumerable<int> candidates)
    {
        var links = InodesWithLocalPort(client.Port).Select(inode => $"socket:[{inode}]").ToHashSet(StringComparer.Ordinal);
        if (links.Count == 0) return null;
        foreach (var pid in candidates)
        {
            try
            {
                if (Directory.EnumerateFiles($"/proc/{pid}/fd").Any(fd => new FileInfo(fd).LinkTarget is { } target && links.Contains(target))) return pid;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process ended meanwhile, or a descriptor closed while it was read.
            }
        }
        return null;
    }

    /// <summary>
    /// Lines read "sl local_address rem_address st ... uid timeout inode", addresses as hex ADDRESS:PORT. Matched by
    /// port alone: the address is written differently in each table, and the candidates' descriptors settle the rest.
    /// </summary>
    private static IEnumerable<long> InodesWithLocalPort(int port)
    {
        var suffix = $":{port:X4}";
        return SocketTables.Where(File.Exists)
            .SelectMany(table => File.ReadLines(table).Skip(1))
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(fields => fields.Length > 9 && fields[1].EndsWith(suffix, StringComparison.Ordinal))
            .Select(fields => long.Parse(fields[9], CultureInfo.InvariantCulture));
    }
}
