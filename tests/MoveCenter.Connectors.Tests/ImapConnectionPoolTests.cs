using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>
/// Sessions through stores sharing a connection pool, reaching Dovecot through a <see cref="LoopbackProxy"/>: each
/// connection the proxy sees is one login, and the proxy cuts connections as a failing network would.
/// </summary>
public sealed class ImapConnectionPoolTests : IClassFixture<DovecotPairFixture>, IAsyncDisposable
{
    private static readonly DateTimeOffset Date = new(2021, 3, 4, 5, 6, 7, TimeSpan.Zero);

    private readonly DovecotPairFixture _dovecot;
    private readonly FakeTimeProvider _clock = new(Date);
    private readonly ImapConnectionPool _pool;
    private readonly CancellationToken _ct = TestContext.Current.CancellationToken;
    private LoopbackProxy? _proxy;

    public ImapConnectionPoolTests(DovecotPairFixture dovecot)
    {
        _dovecot = dovecot;
        _pool = new ImapConnectionPool(_clock, NullLogger<ImapConnectionPool>.Instance);
    }

    [Fact]
    public async Task A_second_session_for_the_mailbox_reuses_the_first_login_and_sees_what_changed_in_between()
    {
        var user = await NewUserAsync(_dovecot.A);
        var store = PooledStore(_dovecot.A);
        await using (var first = await store.OpenMailboxAsync(user, _ct))
            Assert.Empty(await ListAsync(first, FolderPath.Inbox));
        await using (var elsewhere = await OpenAsync(_dovecot.A, user))
        {
            await elsewhere.EnsureFolderAsync(new MailFolder(FolderPath.Of("Made elsewhere"), true), _ct);
            await elsewhere.AppendAsync(FolderPath.Inbox, [Outgoing("new", "Subject: new\r\n\r\narrived\r\n"u8.ToArray(), Date)], _ct);
        }

        await using var second = await store.OpenMailboxAsync(user, _ct);

        Assert.Contains(await second.ListFoldersAsync(_ct), f => f.Path == FolderPath.Of("Made elsewhere"));
        var message = Assert.Single(await ListAsync(second, FolderPath.Inbox));
        await using var content = await second.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, _ct);
        Assert.Equal("Subject: new\r\n\r\narrived\r\n", Encoding.ASCII.GetString(await ReadAllAsync(content)));
        Assert.Single(Proxy.Connections);
    }

    [Fact]
    public async Task A_folder_deleted_elsewhere_between_sessions_is_created_again_over_the_reused_login()
    {
        var user = await NewUserAsync(_dovecot.A);
        var store = PooledStore(_dovecot.A);
        var folder = new MailFolder(FolderPath.Of("Archive", "2020"), true);
        await using (var first = await store.OpenMailboxAsync(user, _ct))
        {
            await first.EnsureFolderAsync(folder, _ct);
            await first.AppendAsync(folder.Path, [Outgoing("old", "Subject: old\r\n\r\nold\r\n"u8.ToArray(), Date)], _ct);
        }
        await using (var elsewhere = await OpenAsync(_dovecot.A, user))
            await elsewhere.DeleteFolderAsync(folder.Path, _ct);

        await using (var second = await store.OpenMailboxAsync(user, _ct))
        {
            await second.EnsureFolderAsync(folder, _ct);
            var outcome = Assert.Single(await second.AppendAsync(folder.Path, [Outgoing("new", "Subject: new\r\n\r\nnew\r\n"u8.ToArray(), Date)], _ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }

        await using var check = await OpenAsync(_dovecot.A, user);
        Assert.Equal("new", Assert.Single(await ListAsync(check, folder.Path)).Subject);
        Assert.Single(Proxy.Connections);
    }

    [Theory]
    [InlineData("cut by the network")]
    [InlineData("closed by a server restart")]
    public async Task A_pooled_connection_lost_while_idle_is_not_handed_out_and_the_next_session_logs_in_again(string loss)
    {
        var restart = loss == "closed by a server restart";
        var server = restart ? _dovecot.B : _dovecot.A;
        var user = await NewUserAsync(server);
        var store = PooledStore(server);
        await UseOnceAsync(store, user);

        Assert.Equal(1, _pool.IdleCount);
        if (restart)
        {
            server.Stop();
            await server.StartAgainAsync();
        }
        else
        {
            Assert.Equal(1, Proxy.CutAll());
        }
        await using var second = await store.OpenMailboxAsync(user, _ct);

        Assert.Contains(await second.ListFoldersAsync(_ct), f => f.Path.IsInbox);
        Assert.Equal(2, Proxy.Connections.Count);
    }

    [Fact]
    public async Task Other_mailboxes_and_a_changed_password_never_get_a_pooled_connection()
    {
        var user = await NewUserAsync(_dovecot.A);
        var other = await NewUserAsync(_dovecot.A);
        await UseOnceAsync(PooledStore(_dovecot.A), user);

        await UseOnceAsync(PooledStore(_dovecot.A), other);
        var changedPassword = PooledStore(_dovecot.A, password: "a new password");
        var refused = await Assert.ThrowsAsync<MailboxAccessException>(() => changedPassword.OpenMailboxAsync(user, _ct));

        Assert.StartsWith("the server refused the admin credentials", refused.Message);
        Assert.Equal(3, Proxy.Connections.Count);
        Assert.Equal(2, _pool.IdleCount);
    }

    [Fact]
    public async Task A_session_whose_command_was_cancelled_logs_out_instead_of_pooling_its_connection()
    {
        var user = await NewUserAsync(_dovecot.A);
        var store = PooledStore(_dovecot.A);
        await using (var session = await store.OpenMailboxAsync(user, _ct))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => session.ListFoldersAsync(new CancellationToken(canceled: true)));

        await using var next = await store.OpenMailboxAsync(user, _ct);

        Assert.Equal(0, _pool.IdleCount);
        Assert.Equal(2, Proxy.Connections.Count);
        var closed = await Eventually.UntilAsync(() => Task.FromResult(Proxy.Connections[0]), c => c.ClosedAt is not null, "the first connection is closed");
        Assert.False(closed.WasCut);
    }

    [Fact]
    public async Task A_session_ended_twice_hands_its_connection_to_the_pool_once_and_refuses_later_calls()
    {
        var user = await NewUserAsync(_dovecot.A);
        var session = await PooledStore(_dovecot.A).OpenMailboxAsync(user, _ct);
        await session.ListFoldersAsync(_ct);

        await session.DisposeAsync();
        await session.DisposeAsync();

        Assert.Equal(1, _pool.IdleCount);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => session.ListFoldersAsync(_ct));
    }

    [Fact]
    public async Task Idle_connections_are_logged_out_after_the_idle_time()
    {
        var user = await NewUserAsync(_dovecot.A);
        await UseOnceAsync(PooledStore(_dovecot.A), user);

        _clock.Advance(ImapConnectionPool.IdleTime - TimeSpan.FromSeconds(1));
        var keptWhileYoung = _pool.IdleCount;
        _clock.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(1, keptWhileYoung);
        Assert.Equal(0, _pool.IdleCount);
        var closed = await Eventually.UntilAsync(() => Task.FromResult(Proxy.Connections[0]), c => c.ClosedAt is not null, "the idle connection is closed");
        Assert.False(closed.WasCut);
    }

    [Fact]
    public async Task A_server_with_its_fill_of_idle_connections_logs_out_the_one_idle_longest_and_keeps_the_newest()
    {
        var users = new List<string>();
        for (var i = 0; i <= ImapConnectionPool.IdlePerServer; i++)
        {
            users.Add(await NewUserAsync(_dovecot.A));
            await UseOnceAsync(PooledStore(_dovecot.A), users[^1]);
            _clock.Advance(TimeSpan.FromMilliseconds(100));
        }

        Assert.Equal(ImapConnectionPool.IdlePerServer, _pool.IdleCount);
        var oldest = await Eventually.UntilAsync(() => Task.FromResult(Proxy.Connections[0]), c => c.ClosedAt is not null, "the oldest idle connection is closed");
        Assert.False(oldest.WasCut);
        await UseOnceAsync(PooledStore(_dovecot.A), users[^1]);
        Assert.Equal(users.Count, Proxy.Connections.Count);
        await UseOnceAsync(PooledStore(_dovecot.A), users[0]);
        Assert.Equal(users.Count + 1, Proxy.Connections.Count);
    }

    [Fact]
    public async Task A_session_that_removed_the_mailbox_does_not_keep_its_connection()
    {
        var user = await NewUserAsync(_dovecot.A);
        await using (var session = await PooledStore(_dovecot.A).OpenMailboxAsync(user, _ct))
        {
            await session.EnsureFolderAsync(new MailFolder(FolderPath.Of("Gone soon"), true), _ct);
            await session.DeleteAsync(_ct);
        }

        Assert.Equal(0, _pool.IdleCount);
        await Eventually.UntilAsync(() => Task.FromResult(Proxy.Connections[0]), c => c.ClosedAt is not null, "the connection is closed");
    }

    [Fact]
    public async Task Disposing_the_pool_logs_out_every_idle_connection()
    {
        var user = await NewUserAsync(_dovecot.A);
        var other = await NewUserAsync(_dovecot.A);
        foreach (var mailbox in new[] { user, other }) await UseOnceAsync(PooledStore(_dovecot.A), mailbox);

        var idleBefore = _pool.IdleCount;
        await _pool.DisposeAsync();

        Assert.Equal(2, idleBefore);
        Assert.Equal(0, _pool.IdleCount);
        Assert.All(Proxy.Connections, c => Assert.False(c.WasCut));
        await Eventually.UntilAsync(() => Task.FromResult(Proxy.Connections), all => all.All(c => c.ClosedAt is not null), "both connections are closed");
    }

    public async ValueTask DisposeAsync()
    {
        await _pool.DisposeAsync();
        if (_proxy is not null) await _proxy.DisposeAsync();
    }

    private LoopbackProxy Proxy => _proxy ?? throw new InvalidOperationException("no store made yet");

    /// <summary>A session that lists the folders and ends, handing its connection to the pool.</summary>
    private async Task UseOnceAsync(ImapMailStore store, string user)
    {
        await using var session = await store.OpenMailboxAsync(user, _ct);
        await session.ListFoldersAsync(_ct);
    }

    private ImapMailStore PooledStore(DovecotServer server, string? password = null)
    {
        _proxy ??= LoopbackProxy.Start(server.Host, server.ImapPort);
        var settings = new ImapConnectionSettings(_proxy.Host, _proxy.Port, ImapSecurity.None, server.MasterUser, password ?? server.MasterPassword);
        return new ImapMailStore(settings, NullLogger.Instance, _pool);
    }
}
