using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Reads ranges of messages' BODY.PEEK[] with MailKit, and over the side connection (<see cref="ImapNulRestorer.ReadAsync"/>)
/// those MailKit cannot read. Cyrus answers BODY[] of a message holding NUL bytes in a literal8 (RFC 3516), at which
/// MailKit throws an <see cref="ImapProtocolException"/> ("Unexpected literal token") and leaves the connection
/// unusable. Nothing short of reading a message's bytes tells whether it holds a NUL, so the failure tells: the
/// session connects again and that message is read over the side connection from then on. Every other message
/// costs nothing more. Message streams read through here outside the session's own commands, so a failure here is
/// reported to the session (<paramref name="failed"/>), which then does not hand its connection on for reuse.
/// </summary>
internal sealed class ImapBodyReader(ImapNulRestorer nuls, Func<CancellationToken, Task> reconnect, Action failed)
{
    private readonly HashSet<(string Folder, uint UidValidity, uint Uid)> _unreadable = [];

    /// <summary>
    /// The bytes of the message from <paramref name="offset"/>, up to <paramref name="length"/> of them, with their
    /// NUL bytes restored (<see cref="ImapNulRestorer.RestoreAsync"/>).
    /// </summary>
    /// <param name="previous">The message's byte before <paramref name="offset"/>, which tells whether a 0x80 at the range's start may be a NUL.</param>
    public async Task<PooledMessageBuffer> ReadAsync(IMailFolder folder, UniqueId uid, long offset, int length, byte previous,
        CancellationToken cancellationToken)
    {
        PooledMessageBuffer range;
        try
        {
            range = await FetchAsync(folder, uid, offset, length, cancellationToken);
        }
        catch
        {
            failed();
            throw;
        }
        try
        {
            await nuls.RestoreAsync(folder, uid, offset, previous, range.GetBuffer().AsMemory(0, (int)range.Length), cancellationToken);
            return range;
        }
        catch
        {
            failed();
            await range.DisposeAsync();
            throw;
        }
    }

    /// <summary>Whether MailKit failed on the message before, so that it is read over the side connection.</summary>
    public bool IsUnreadable(IMailFolder folder, UniqueId uid) => _unreadable.Contains(Key(folder, uid));

    /// <summary>Has the message read over the side connection from now on: MailKit handed over something else.</summary>
    public void MarkUnreadable(IMailFolder folder, UniqueId uid) => _unreadable.Add(Key(folder, uid));

    /// <summary>
    /// Called when MailKit failed on an answer, at <paramref name="uid"/> when known: the session connects again, and
    /// that message is read over the side connection from then on.
    /// </summary>
    public async Task LostOnAsync(IMailFolder folder, UniqueId? uid, CancellationToken cancellationToken)
    {
        if (uid is { } at) MarkUnreadable(folder, at);
        await reconnect(cancellationToken);
    }

    private async Task<PooledMessageBuffer> FetchAsync(IMailFolder folder, UniqueId uid, long offset, int length, CancellationToken cancellationToken)
    {
        if (!IsUnreadable(folder, uid))
        {
            try
            {
                if (!folder.IsOpen) await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
                await using var fetched = await folder.GetStreamAsync(uid, string.Empty, checked((int)offset), length, cancellationToken);
                return await PooledMessageBuffer.ReadExactlyAsync(fetched, (int)fetched.Length, cancellationToken);
            }
            catch (ImapProtocolException)
            {
                await LostOnAsync(folder, uid, cancellationToken);
            }
        }
        return await nuls.ReadAsync(folder, uid, offset, length, cancellationToken);
    }

    private static (string, uint, uint) Key(IMailFolder folder, UniqueId uid) => (folder.FullName, folder.UidValidity, uid.Id);
}
