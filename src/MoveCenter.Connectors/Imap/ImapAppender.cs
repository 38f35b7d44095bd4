using MailKit;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// APPENDs messages with their flags, keywords and INTERNALDATE, in MULTIAPPEND batches when the server offers it
/// (Dovecot spends a fifth of the CPU per message that way). MULTIAPPEND is all-or-nothing, so a refused batch is
/// sent again one message at a time to find the refused message and deliver the others. A message with a NUL byte
/// goes alone, in a literal8 over a connection of its own, when the server offers BINARY.
/// </summary>
internal sealed class ImapAppender(ImapClient client, ImapConnectionSettings settings, string mailboxId, ILogger logger) : IAsyncDisposable
{
    private const int BatchCount = 100;
    private const long BatchBytes = 20 * 1024 * 1024;
    private const string UnknownKey = "?";

    private ImapBinaryAppendConnection? _binary;

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        IMailFolder folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var outcomes = new AppendOutcome?[messages.Count];
        var batch = new List<(int Index, SpooledMessage Spooled)>();
        try
        {
            long bytes = 0;
            for (var i = 0; i < messages.Count; i++)
            {
                var (spooled, error) = await SpooledMessage.ReadAsync(messages[i], cancellationToken);
                if (spooled is null)
                {
                    outcomes[i] = AppendOutcome.SourceFailure(messages[i].DeliveryKey, error!);
                    continue;
                }
                if (spooled.NeedsLiteral8 && client.Capabilities.HasFlag(ImapCapabilities.Binary))
                {
                    // The batch so far goes first, so the target's UIDs keep the source's order.
                    await SendAsync(folder, messages, batch, outcomes, cancellationToken);
                    bytes = 0;
                    await using (spooled)
                        outcomes[i] = await AppendBinaryAsync(folder, messages[i], spooled, cancellationToken);
                    continue;
                }
                batch.Add((i, spooled));
                bytes += spooled.Length;
                if (batch.Count < BatchCount && bytes < BatchBytes) continue;
                await SendAsync(folder, messages, batch, outcomes, cancellationToken);
                bytes = 0;
            }
            await SendAsync(folder, messages, batch, outcomes, cancellationToken);
            return outcomes.Select(o => o!).ToList();
        }
        finally
        {
            foreach (var (_, spooled) in batch) await spooled.DisposeAsync();
        }
    }

    private async Task SendAsync(IMailFolder folder, IReadOnlyList<OutgoingMessage> messages,
        List<(int Index, SpooledMessage Spooled)> batch, AppendOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        if (batch.Count == 0) return;
        try
        {
            if (batch.Count > 1 && client.Capabilities.HasFlag(ImapCapabilities.MultiAppend) && await TryMultiAppendAsync(folder, messages, batch, outcomes, cancellationToken))
                return;
            foreach (var (index, spooled) in batch)
                outcomes[index] = await AppendOneAsync(folder, messages[index], spooled, cancellationToken);
        }
        finally
        {
            foreach (var (_, spooled) in batch) await spooled.DisposeAsync();
            batch.Clear();
        }
    }

    private async Task<bool> TryMultiAppendAsync(IMailFolder folder, IReadOnlyList<OutgoingMessage> messages,
        List<(int Index, SpooledMessage Spooled)> batch, AppendOutcome?[] outcomes, CancellationToken cancellationToken)
    {
        IList<UniqueId> uids;
        try
        {
            uids = await folder.AppendAsync(RawMimeMessage.Format, batch.Select(b => (IAppendRequest)Request(messages[b.Index], b.Spooled)).ToList(), cancellationToken);
        }
        catch (ImapCommandException e)
        {
            logger.LogInformation("MULTIAPPEND of {Count} messages to {Folder} refused ({Reason}); sending them one by one",
                batch.Count, folder.FullName, ImapResponseTail.Words(client, e));
            return false;
        }
        for (var i = 0; i < batch.Count; i++)
        {
            var key = messages[batch[i].Index].DeliveryKey;
            // Without UIDPLUS the server names no UIDs; FindDeliveredAsync can still locate the messages later.
            outcomes[batch[i].Index] = AppendOutcome.Success(key, uids.Count == batch.Count ? ImapSummaries.Key(uids[i]) : UnknownKey);
        }
        return true;
    }

    private async Task<AppendOutcome> AppendOneAsync(
        IMailFolder folder, OutgoingMessage message, SpooledMessage spooled, CancellationToken cancellationToken)
    {
        try
        {
            var uid = await folder.AppendAsync(RawMimeMessage.Format, Request(message, spooled), cancellationToken);
            return AppendOutcome.Success(message.DeliveryKey, uid is { } id ? ImapSummaries.Key(id) : UnknownKey);
        }
        catch (ImapCommandException e)
        {
            return AppendOutcome.Failure(message.DeliveryKey, $"the server refused the message: {e.Response} {ImapResponseTail.Words(client, e)}");
        }
    }

    private async Task<AppendOutcome> AppendBinaryAsync(
        IMailFolder folder, OutgoingMessage message, SpooledMessage spooled, CancellationToken cancellationToken)
    {
        _binary ??= await ImapBinaryAppendConnection.OpenAsync(settings, mailboxId, cancellationToken);
        var result = await _binary.AppendAsync(folder.FullName, BinaryFlags(message), message.InternalDate, spooled.Message, cancellationToken);
        return result.Stored
            ? AppendOutcome.Success(message.DeliveryKey, result.UidKey ?? UnknownKey)
            : AppendOutcome.Failure(message.DeliveryKey, $"the server refused the message: {result.Response}");
    }

    private static string BinaryFlags(OutgoingMessage message)
    {
        var flags = ImapSummaries.ToImap(message.Flags);
        var names = Enum.GetValues<MailKit.MessageFlags>()
            .Where(f => f is not MailKit.MessageFlags.None and not MailKit.MessageFlags.UserDefined && flags.HasFlag(f))
            .Select(f => $"\\{f}");
        // A flag is an atom and cannot be quoted: a keyword that is none is left out rather than break the command.
        return string.Join(' ', names.Concat(message.Keywords.Where(IsAtom)));
    }

    private static bool IsAtom(string keyword) =>
        keyword.Length > 0 && keyword.All(c => c is > ' ' and < (char)0x7F and not ('(' or ')' or '{' or '%' or '*' or '"' or '\\' or ']'));

    public async ValueTask DisposeAsync()
    {
        if (_binary is not null) await _binary.DisposeAsync();
    }

    private static AppendRequest Request(OutgoingMessage message, SpooledMessage spooled) =>
        new(spooled.Message, ImapSummaries.ToImap(message.Flags))
        {
            InternalDate = message.InternalDate,
            Keywords = new HashSet<string>(message.Keywords, StringComparer.OrdinalIgnoreCase),
        };
}
