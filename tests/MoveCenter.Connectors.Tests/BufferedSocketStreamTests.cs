using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using MoveCenter.Connectors.Imap;
using Xunit;

namespace MoveCenter.Connectors.Tests;

/// <summary>The stream under MailKit: every byte through in order, nothing sent before a flush, and MailKit's timeout kept.</summary>
public sealed class BufferedSocketStreamTests
{
    [Fact]
    public async Task Bytes_written_in_small_pieces_reach_the_peer_whole_and_in_order_and_read_back_in_small_pieces()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, server) = await ConnectedPairAsync(ct);
        await using var stream = new BufferedSocketStream(client);
        using var peer = server;
        var message = RandomNumberGenerator.GetBytes(300_000);

        // MailKit writes 4 KB at a time, and also odd sizes (command lines).
        for (var at = 0; at < message.Length; at += 4093)
            await stream.WriteAsync(message.AsMemory(at, Math.Min(4093, message.Length - at)), ct);
        await stream.FlushAsync(ct);
        var received = await ReceiveExactlyAsync(peer, message.Length, ct);
        Assert.Equal(SHA256.HashData(message), SHA256.HashData(received));

        await peer.SendAsync(message, SocketFlags.None, ct);
        var read = new MemoryStream();
        var buffer = new byte[4096];
        while (read.Length < message.Length) read.Write(buffer, 0, await stream.ReadAsync(buffer, ct));
        Assert.Equal(SHA256.HashData(message), SHA256.HashData(read.ToArray()));
    }

    [Fact]
    public async Task A_command_line_shorter_than_the_buffer_is_sent_by_the_flush_and_not_before()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, server) = await ConnectedPairAsync(ct);
        await using var stream = new BufferedSocketStream(client);
        using var peer = server;

        await stream.WriteAsync("A1 NOOP\r\n"u8.ToArray(), ct);
        Assert.Equal(0, peer.Available);
        await stream.FlushAsync(ct);

        Assert.Equal("A1 NOOP\r\n"u8.ToArray(), await ReceiveExactlyAsync(peer, 9, ct));
    }

    [Fact]
    public async Task A_server_that_sends_nothing_for_the_read_timeout_is_a_connection_error_naming_the_wait()
    {
        var ct = TestContext.Current.CancellationToken;
        var (client, server) = await ConnectedPairAsync(ct);
        await using var stream = new BufferedSocketStream(client) { ReadTimeout = 1000 };
        using var peer = server;

        var error = await Assert.ThrowsAsync<IOException>(async () => await stream.ReadExactlyAsync(new byte[10], ct));

        Assert.IsType<TimeoutException>(error.InnerException);
        Assert.Equal("the server sent nothing for 1 s", error.Message);
    }

    private static async Task<(Socket Client, Socket Server)> ConnectedPairAsync(CancellationToken ct)
    {
        using var listener = new Socket(SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(SocketType.Stream, ProtocolType.Tcp);
        var accept = listener.AcceptAsync(ct);
        await client.ConnectAsync(listener.LocalEndPoint!, ct);
        return (client, await accept);
    }

    private static async Task<byte[]> ReceiveExactlyAsync(Socket socket, int length, CancellationToken ct)
    {
        var bytes = new byte[length];
        for (var at = 0; at < length;) at += await socket.ReceiveAsync(bytes.AsMemory(at), SocketFlags.None, ct);
        return bytes;
    }
}
