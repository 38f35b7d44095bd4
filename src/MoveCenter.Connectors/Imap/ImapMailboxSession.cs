using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using MailKit;
using MailKit.Net.Imap;
using MailKit.Search;
using Microsoft.Extensions.Logging;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// One user's mailbox over one IMAP connection. Source keys and target keys are "{UIDVALIDITY}:{UID}", so a key
/// from before a UIDVALIDITY change is refused instead of naming another message.
/// </summary>
internal sealed class ImapMailboxSession : IMailboxSession
{
    private const int FetchChunk = 1000;

    private readonly ImapClient _client;
    private readonly ImapConnectionSettings _settings;
    private readonly string _mailboxId;
    private readonly ILogger _logger;
    private readonly ImapFolderTree _folders;
    private readonly ImapAppender _appender;
    private readonly ImapReadAhead _readAhead;
    private readonly ImapNulRestorer _nuls;
    private readonly ImapBodyReader _bodies;
    private readonly ImapConnectionPool? _pool;

    /// <summary>
    /// A command failed or was cancelled: MailKit may have left the connection mid-answer, so it is not reused. The
    /// mailbox was removed: no later phase will want the connection, which would only take a place in the pool.
    /// </summary>
    private bool _unfitForReuse;

    /// <summary>The folder this session selected last, unselected before the connection goes back to the pool.</summary>
    private IMailFolder? _selected;

    /// <summary>Once ended, its pooled connection may serve another session: a late call must not reach it.</summary>
    private bool _disposed;

    /// <param name="reused">The client comes from <paramref name="pool"/>, logged in by an earlier session.</param>
    public ImapMailboxSession(ImapClient client, bool reused, ImapConnectionSettings settings, string mailboxId,
        ConcurrentDictionary<FolderPath, FolderPath> aliases, ILogger logger, ImapConnectionPool? pool)
    {
        _client = client;
        _settings = settings;
        _mailboxId = mailboxId;
        _logger = logger;
        _pool = pool;
        _folders = new ImapFolderTree(client, aliases, reused);
        _appender = new ImapAppender(client, settings, mailboxId, logger);
        _nuls = new ImapNulRestorer(client, settings, mailboxId);
        _bodies = new ImapBodyReader(_nuls, ReconnectAsync, () => _unfitForReuse = true);
        _readAhead = new ImapReadAhead(_bodies);
    }

    /// <summary>The login succeeded, so the user exists: IMAP has no mailbox without an account.</summary>
    public Task<bool> ExistsAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        await _client.NoOpAsync(cancellationToken);
        return true;
    });

    /// <summary>Nothing to create: an IMAP account always has its Inbox.</summary>
    public Task CreateAsync(CancellationToken cancellationToken) => ExistsAsync(cancellationToken);

    public Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken) => Guard(async () =>
        (IReadOnlyList<MailFolder>)(await _folders.ListAsync(cancellationToken)).Select(f => f.Folder).ToList());

    public async IAsyncEnumerable<MessageSummary> ListMessagesAsync(
        FolderPath folder, Func<string, bool> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var (server, uids) = await Guard(async () =>
        {
            var opened = await OpenAsync(folder, FolderAccess.ReadOnly, cancellationToken);
            var all = await opened.SearchAsync(SearchQuery.All, cancellationToken);
            return (opened, all.Where(uid => wanted(ImapSummaries.Key(new UniqueId(opened.UidValidity, uid.Id)))).ToList());
        });
        var request = new FetchRequest(MessageSummaryItems.UniqueId | MessageSummaryItems.Size | MessageSummaryItems.Flags |
                                       MessageSummaryItems.InternalDate) { Headers = new HeaderSet(MessageHeaders.Wanted) };
        foreach (var chunk in uids.Chunk(FetchChunk))
        {
            var summaries = await Guard(() => server.FetchAsync(chunk, request, cancellationToken));
            foreach (var summary in summaries.OrderBy(s => s.UniqueId.Id))
                yield return ImapSummaries.ToContract(summary, folder);
        }
    }

    /// <summary>
    /// STATUS (MESSAGES SIZE) where the server has STATUS=SIZE: one answer, without selecting the folder; otherwise the
    /// sizes (RFC822.SIZE of 1:*), one command for the whole folder.
    /// </summary>
    public Task<(int Messages, long Bytes)> MeasureFolderAsync(FolderPath folder, CancellationToken cancellationToken) => Guard(async () =>
    {
        if (_client.Capabilities.HasFlag(ImapCapabilities.StatusSize))
        {
            var measured = await _folders.GetAsync(folder, cancellationToken);
            await measured.StatusAsync(StatusItems.Count | StatusItems.Size, cancellationToken);
            return (measured.Count, (long)(measured.Size ?? 0));
        }
        var server = await OpenAsync(folder, FolderAccess.ReadOnly, cancellationToken);
        if (server.Count == 0) return (0, 0L);
        var sizes = await server.FetchAsync(0, -1, MessageSummaryItems.Size, cancellationToken);
        return (sizes.Count, sizes.Sum(s => (long)(s.Size ?? 0)));
    });

    /// <summary>UID and FLAGS of 1:*, one command for the whole folder, no headers.</summary>
    public async IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var states = await Guard(async () =>
            await ImapFolderChanges.ListStatesAsync(await OpenAsync(folder, FolderAccess.ReadOnly, cancellationToken), null, cancellationToken));
        foreach (var state in states) yield return state;
    }

    public Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) => Guard(async () =>
        (await CurrentMarkAsync(folder, cancellationToken))?.ToString());

    public Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await _folders.GetAsync(folder, cancellationToken);
        // An unchanged folder is not examined at all; the selected one is examined below, as CurrentMarkAsync would.
        if (since is not null && !server.IsOpen && await StatusMarkAsync(server, cancellationToken) is { } now && now == ImapFolderMark.Parse(since))
            return FolderChanges.None(since);
        return await ImapFolderChanges.ListAsync(_client, await ExamineAsync(folder, cancellationToken), since, cancellationToken);
    });

    /// <summary>
    /// The folder's mark from STATUS: a sync reads the mark of every folder, and for Dovecot a STATUS is a fraction of
    /// an EXAMINE's work. The selected folder is examined again instead, since a STATUS of it may answer from the
    /// selection (RFC 3501 6.3.10). Null without CONDSTORE.
    /// </summary>
    private async Task<ImapFolderMark?> CurrentMarkAsync(FolderPath folder, CancellationToken cancellationToken)
    {
        if (!HasModSequences) return null;
        var server = await _folders.GetAsync(folder, cancellationToken);
        if (!server.IsOpen) return await StatusMarkAsync(server, cancellationToken);
        return ImapFolderMark.Of(_client, await ExamineAsync(folder, cancellationToken));
    }

    private bool HasModSequences => _client.Capabilities.HasFlag(ImapCapabilities.CondStore);

    /// <summary>STATUS (UIDVALIDITY UIDNEXT HIGHESTMODSEQ) of a folder that is not selected; null without CONDSTORE.</summary>
    private async Task<ImapFolderMark?> StatusMarkAsync(IMailFolder server, CancellationToken cancellationToken)
    {
        if (!HasModSequences) return null;
        await server.StatusAsync(StatusItems.UidValidity | StatusItems.UidNext | StatusItems.HighestModSeq, cancellationToken);
        return ImapFolderMark.Of(_client, server);
    }

    /// <summary>One UID STORE FLAGS (replacing, silent) per distinct set of flags and keywords.</summary>
    public Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await OpenAsync(folder, FolderAccess.ReadWrite, cancellationToken);
        foreach (var same in changes.GroupBy(c => (c.Flags, Keywords: string.Join(' ', c.Keywords.Order(StringComparer.Ordinal)))))
        {
            var uids = Addressable(server, same.Select(c => c.Key));
            if (uids.Count == 0) continue;
            var request = new StoreFlagsRequest(StoreAction.Set, ImapSummaries.ToImap(same.Key.Flags), same.First().Keywords) { Silent = true };
            await server.StoreAsync(uids, request, cancellationToken);
        }
        return true;
    });

    /// <summary>\Deleted, then UID EXPUNGE of exactly these UIDs (UIDPLUS): other messages flagged \Deleted stay.</summary>
    public Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await OpenAsync(folder, FolderAccess.ReadWrite, cancellationToken);
        var uids = Addressable(server, keys);
        if (uids.Count == 0) return true;
        await server.AddFlagsAsync(uids, MailKit.MessageFlags.Deleted, silent: true, cancellationToken);
        await server.ExpungeAsync(uids, cancellationToken);
        return true;
    });

    public Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken) => Guard(async () =>
    {
        if (folder.IsInbox) throw new ArgumentException("The Inbox cannot be deleted.", nameof(folder));
        IMailFolder server;
        try
        {
            server = await _folders.GetAsync(folder, cancellationToken);
        }
        catch (MailboxAccessException)
        {
            return true;
        }
        if (server.IsOpen) await server.CloseAsync(expunge: false, cancellationToken);
        await server.UnsubscribeAsync(cancellationToken);
        await _folders.ReleaseRoleAsync(server, cancellationToken);
        await server.DeleteAsync(cancellationToken);
        return true;
    });

    /// <summary>The UIDs of keys that name messages of the folder as it is now; keys from before a UIDVALIDITY change name nothing.</summary>
    private static List<UniqueId> Addressable(IMailFolder server, IEnumerable<string> keys) =>
        keys.Select(k => ImapSummaries.TryParseKey(k, server)).OfType<UniqueId>().ToList();

    public Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await OpenAsync(folder, FolderAccess.ReadOnly, cancellationToken);
        var uid = ImapSummaries.ParseKey(sourceKey, server, folder);
        if (await _readAhead.TakeAsync(server, folder, sourceKey, uid, key => ImapSummaries.TryParseKey(key, server), cancellationToken) is { } message)
        {
            try
            {
                await _nuls.RestoreAsync(server, uid, 0, 0, message.GetBuffer().AsMemory(0, (int)message.Length), cancellationToken);
                return message;
            }
            catch
            {
                await message.DisposeAsync();
                throw;
            }
        }
        try
        {
            return (Stream)await ImapMessageStream.OpenAsync(server, uid, _bodies, cancellationToken);
        }
        catch (MessageNotFoundException e)
        {
            throw new MailboxAccessException($"message {sourceKey} is no longer in \"{folder}\"", e);
        }
    });

    public void ExpectReads(FolderPath folder, IReadOnlyList<PlannedRead> messages) => _readAhead.Expect(folder, messages);

    public Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken) =>
        Guard(async () =>
        {
            await _folders.EnsureAsync(folder, cancellationToken);
            return true;
        });

    public Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
        FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await OpenAsync(folder, FolderAccess.ReadOnly, cancellationToken);
        return await ImapDeliveryFinder.FindAsync(server, candidates, cancellationToken);
    });

    public Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) => Guard(async () =>
    {
        var server = await _folders.GetAsync(folder, cancellationToken);
        return await _appender.AppendAsync(server, messages, cancellationToken);
    });

    /// <summary>IMAP cannot delete an account: this deletes every folder and empties the Inbox.</summary>
    public Task DeleteAsync(CancellationToken cancellationToken) => Guard(async () =>
    {
        _unfitForReuse = true;
        foreach (var folder in await _folders.ListForDeletionAsync(cancellationToken))
        {
            if (folder.IsOpen) await folder.CloseAsync(expunge: false, cancellationToken);
            await folder.UnsubscribeAsync(cancellationToken);
            await _folders.ReleaseRoleAsync(folder, cancellationToken);
            await folder.DeleteAsync(cancellationToken);
        }
        var inbox = _client.Inbox;
        await inbox.OpenAsync(FolderAccess.ReadWrite, cancellationToken);
        _selected = inbox;
        if (inbox.Count > 0)
        {
            await inbox.AddFlagsAsync(UniqueIdRange.All, MailKit.MessageFlags.Deleted, silent: true, cancellationToken);
            await inbox.ExpungeAsync(cancellationToken);
        }
        return true;
    });

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _appender.DisposeAsync();
        await _nuls.DisposeAsync();
        if (_pool is not null && !_unfitForReuse && await _pool.TryReturnAsync(_settings, _mailboxId, _client, _selected)) return;
        try
        {
            if (_client.IsConnected) await _client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (ImapFailures.IsConnectionLoss(e) || e is CommandException)
        {
            _logger.LogDebug(e, "LOGOUT of {Mailbox} failed; the connection is closed anyway", _mailboxId);
        }
        _client.Dispose();
    }

    /// <summary>
    /// Connects the session's client again, as the same user, after MailKit gave up on an answer it could not read
    /// (<see cref="ImapBodyReader"/>): the folders it hands out afterwards belong to the new connection.
    /// </summary>
    private async Task ReconnectAsync(CancellationToken cancellationToken)
    {
        if (_client.IsConnected) await _client.DisconnectAsync(quit: false, cancellationToken);
        await ImapConnector.ConnectAsync(_client, _settings, cancellationToken);
        await ImapConnector.LogInAsUserAsync(_client, _settings, _mailboxId, cancellationToken);
        _logger.LogInformation("Connected again to {Host}:{Port} for {Mailbox} after an answer MailKit could not read",
            _settings.Host, _settings.Port, _mailboxId);
    }

    private async Task<IMailFolder> OpenAsync(FolderPath folder, FolderAccess access, CancellationToken cancellationToken)
    {
        var server = await _folders.GetAsync(folder, cancellationToken);
        if (!server.IsOpen || server.Access < access) await server.OpenAsync(access, cancellationToken);
        _selected = server;
        return server;
    }

    /// <summary>
    /// EXAMINE even when the folder is open: a folder opened earlier in the session reports its mark as it was then,
    /// and a stale mark taken for the current one would hide what changed since.
    /// </summary>
    private async Task<IMailFolder> ExamineAsync(FolderPath folder, CancellationToken cancellationToken)
    {
        var server = await _folders.GetAsync(folder, cancellationToken);
        await server.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        _selected = server;
        return server;
    }

    /// <summary>Turns a lost connection into the contract's "post office unavailable" and a refused command into "mailbox access".</summary>
    private async Task<T> Guard<T>(Func<Task<T>> operation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        try
        {
            return await operation();
        }
        catch (Exception e) when (ImapFailures.IsConnectionLoss(e))
        {
            _unfitForReuse = true;
            throw ImapFailures.Unavailable(_settings, e);
        }
        catch (ImapCommandException e)
        {
            throw new MailboxAccessException($"the server refused a command for {_mailboxId}: {ImapResponseTail.Words(_client, e)}", e);
        }
        catch
        {
            _unfitForReuse = true;
            throw;
        }
    }
}
