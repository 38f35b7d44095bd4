using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Logged-in IMAP connections kept for a few seconds after a session ends, so that the next session for the same
/// mailbox on this node (the move's next phase) uses them instead of logging in again. Each login costs the server a
/// fork of imap-login and imap and an authentication: about 15 % of the machine's CPU in a batch of small moves, where
/// every move logs in about nine times. A connection serves only the exact settings (password included) and mailbox
/// it logged in with; idle ones count against the server's per-user and process limits, so few are kept and briefly.
/// </summary>
public sealed class ImapConnectionPool : IAsyncDisposable
{
    /// <summary>How long an unused connection is kept: long enough to bridge two phases of a move, short enough not to hold server processes.</summary>
    public static readonly TimeSpan IdleTime = TimeSpan.FromSeconds(15);

    /// <summary>A phase opens at most a few sessions per mailbox; more idle ones would only hold server processes.</summary>
    private const int IdlePerMailbox = 2;

    /// <summary>Idle connections are server processes too (Dovecot's process limit is per service, 100 by default).</summary>
    internal const int IdlePerServer = 16;

    private static readonly TimeSpan LogoutTimeout = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock;
    private readonly ILogger _logger;
    private readonly Dictionary<PoolKey, List<IdleClient>> _idle = [];
    private readonly ITimer _sweeper;
    private readonly List<Task> _closing = [];
    private bool _disposed;

    public ImapConnectionPool(TimeProvider clock, ILogger<ImapConnectionPool> logger)
    {
        _clock = clock;
        _logger = logger;
        var interval = IdleTime / 3;
        _sweeper = clock.CreateTimer(_ => CloseExpired(), null, interval, interval);
    }

    /// <summary>How many connections wait for reuse now.</summary>
    public int IdleCount
    {
        get
        {
            lock (_idle) return _idle.Values.Sum(l => l.Count);
        }
    }

    /// <summary>A logged-in connection for this mailbox that answered a NOOP just now, or null when there is none.</summary>
    internal async Task<ImapClient?> TakeAsync(ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken)
    {
        var key = new PoolKey(settings, mailboxId);
        while (TryTake(key) is { } client)
        {
            try
            {
                // The server may have closed it meanwhile (restart, idle timeout, a cut): only a round trip tells.
                await client.NoOpAsync(cancellationToken);
                if (client is { IsConnected: true, IsAuthenticated: true }) return client;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogDebug(e, "An idle connection to {Host}:{Port} for {Mailbox} is dead; trying another", settings.Host, settings.Port, mailboxId);
            }
            catch
            {
                client.Dispose();
                throw;
            }
            client.Dispose();
        }
        return null;
    }

    /// <summary>
    /// Keeps a session's logged-in connection once its folder is unselected (no expunge), so the next session starts as
    /// from a login; false when it is no longer logged in or unselecting failed, and the session closes it itself.
    /// </summary>
    internal async Task<bool> TryReturnAsync(ImapConnectionSettings settings, string mailboxId, ImapClient client, IMailFolder? selected)
    {
        if (client is not { IsConnected: true, IsAuthenticated: true }) return false;
        try
        {
            if (selected is { IsOpen: true }) await selected.CloseAsync(expunge: false, CancellationToken.None);
        }
        catch (Exception e) when (ImapFailures.IsConnectionLoss(e) || e is CommandException)
        {
            _logger.LogDebug(e, "Unselecting before reuse failed for {Mailbox}; the connection is closed instead", mailboxId);
            return false;
        }
        if (client is not { IsConnected: true, IsAuthenticated: true }) return false;
        Keep(settings, mailboxId, client);
        return true;
    }

    /// <summary>
    /// Logs the connection out instead when enough of the mailbox's are idle already. When the server has its fill of idle
    /// connections, the one idle longest goes instead: in a batch, connections left by finished moves (whose source mailbox
    /// is gone) would otherwise fill the server's share and every move still running would log in again.
    /// </summary>
    private void Keep(ImapConnectionSettings settings, string mailboxId, ImapClient client)
    {
        var key = new PoolKey(settings, mailboxId);
        var closing = new List<ImapClient>(1);
        lock (_idle)
        {
            _idle.TryGetValue(key, out var same);
            if (_disposed || same?.Count >= IdlePerMailbox)
            {
                closing.Add(client);
            }
            else
            {
                if (IdleOn(settings) >= IdlePerServer && TakeOldest(settings) is { } oldest) closing.Add(oldest);
                if (same is null) _idle[key] = same = [];
                same.Add(new IdleClient(client, _clock.GetUtcNow() + IdleTime));
            }
        }
        Close(closing);
    }

    private ImapClient? TakeOldest(ImapConnectionSettings settings)
    {
        var oldest = _idle.Where(e => e.Key.Settings == settings)
            .SelectMany(e => e.Value.Select(idle => (e.Key, Idle: idle)))
            .MinBy(entry => entry.Idle.Until);
        if (oldest.Idle is null) return null;
        var same = _idle[oldest.Key];
        same.Remove(oldest.Idle);
        if (same.Count == 0) _idle.Remove(oldest.Key);
        return oldest.Idle.Client;
    }

    public async ValueTask DisposeAsync()
    {
        List<ImapClient> all;
        lock (_idle)
        {
            if (_disposed) return;
            _disposed = true;
            all = _idle.Values.SelectMany(l => l).Select(i => i.Client).ToList();
            _idle.Clear();
        }
        await _sweeper.DisposeAsync();
        Close(all);
        Task[] closing;
        lock (_closing) closing = [.. _closing];
        await Task.WhenAll(closing);
    }

    private ImapClient? TryTake(PoolKey key)
    {
        lock (_idle)
        {
            if (!_idle.TryGetValue(key, out var same)) return null;
            // The most recently used first: the likeliest still to be open at the server.
            var last = same[^1];
            same.RemoveAt(same.Count - 1);
            if (same.Count == 0) _idle.Remove(key);
            return last.Client;
        }
    }

    private int IdleOn(ImapConnectionSettings settings) =>
        _idle.Where(e => e.Key.Settings == settings).Sum(e => e.Value.Count);

    private void CloseExpired()
    {
        var now = _clock.GetUtcNow();
        var expired = new List<ImapClient>();
        lock (_idle)
        {
            foreach (var (key, same) in _idle.ToList())
            {
                expired.AddRange(same.Where(i => i.Until <= now).Select(i => i.Client));
                same.RemoveAll(i => i.Until <= now);
                if (same.Count == 0) _idle.Remove(key);
            }
        }
        if (expired.Count > 0) Close(expired);
    }

    private void Close(IReadOnlyCollection<ImapClient> clients)
    {
        if (clients.Count == 0) return;
        var task = Task.WhenAll(clients.Select(LogOutAsync));
        lock (_closing)
        {
            _closing.RemoveAll(t => t.IsCompleted);
            _closing.Add(task);
        }
    }

    private async Task LogOutAsync(ImapClient client)
    {
        try
        {
            using var timeout = new CancellationTokenSource(LogoutTimeout);
            if (client.IsConnected) await client.DisconnectAsync(quit: true, timeout.Token);
        }
        catch (Exception e)
        {
            _logger.LogDebug(e, "LOGOUT of an idle connection failed; it is closed anyway");
        }
        finally
        {
            client.Dispose();
        }
    }

    private readonly record struct PoolKey(ImapConnectionSettings Settings, string MailboxId);

    private sealed record IdleClient(ImapClient Client, DateTimeOffset Until);
}
