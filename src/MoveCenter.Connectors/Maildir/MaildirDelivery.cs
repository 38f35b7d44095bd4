using System.Buffers;
using Microsoft.Extensions.Logging;

namespace MoveCenter.Connectors.Maildir;

/// <summary>Maildir delivery: write into tmp/, set the mtime Dovecot reads as internal date, rename into cur/.</summary>
internal sealed class MaildirDelivery(MaildirOptions options, ILogger logger)
{
    private const int BufferSize = 81920;

    /// <summary>Held while a folder's keyword list is read, extended and written; the files are small, so one lock serves all.</summary>
    private static readonly Lock KeywordLists = new();

    public static IReadOnlyDictionary<string, string> FindDelivered(string folderDirectory, IReadOnlyCollection<OutgoingMessage> candidates)
    {
        var present = MaildirScanner.BaseNames(folderDirectory);
        var delivered = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var candidate in candidates)
            if (present.Contains(candidate.DeliveryKey)) delivered[candidate.DeliveryKey] = candidate.DeliveryKey;
        return delivered;
    }

    public async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        string folderDirectory, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        var keywords = KeywordsWith(folderDirectory, messages.SelectMany(m => m.Keywords));
        var outcomes = new List<AppendOutcome>(messages.Count);
        foreach (var message in messages)
            outcomes.Add(await DeliverAsync(folderDirectory, message, keywords, cancellationToken));
        return outcomes;
    }

    /// <summary>
    /// The folder's keyword list with these keywords added. The keyword letters must be on disk before any file that
    /// uses them appears in cur/. A move appends to one folder over several sessions at once: each reads, extends and
    /// writes the list alone, or one would give a letter another had just given to a different keyword (and its
    /// messages would carry the wrong keywords).
    /// </summary>
    public static DovecotKeywords KeywordsWith(string folderDirectory, IEnumerable<string> wanted)
    {
        lock (KeywordLists)
        {
            var keywords = DovecotKeywords.Load(folderDirectory);
            var added = false;
            foreach (var keyword in wanted.Where(IsStorableKeyword).Distinct(StringComparer.OrdinalIgnoreCase))
                added |= keywords.TryAdd(keyword);
            if (added) keywords.Save(folderDirectory);
            return keywords;
        }
    }

    private async Task<AppendOutcome> DeliverAsync(
        string folderDirectory, OutgoingMessage message, DovecotKeywords keywords, CancellationToken cancellationToken)
    {
        var key = message.DeliveryKey;
        if (MaildirFileName.ValidateUniqueName(key) is { } problem)
            return AppendOutcome.Failure(key, $"the delivery key \"{key}\" is not a Maildir unique name: {problem}");
        var temporary = Path.Combine(folderDirectory, "tmp", key);
        try
        {
            var sourceError = await WriteTemporaryAsync(message, temporary, cancellationToken);
            if (sourceError is not null)
            {
                TryDelete(temporary);
                return AppendOutcome.SourceFailure(key, sourceError);
            }
            File.SetLastWriteTimeUtc(temporary, message.InternalDate.UtcDateTime);
            var finalName = MaildirFileName.Compose(key, message.Flags, KeywordIndexes(message.Keywords, key, keywords));
            File.Move(temporary, Path.Combine(folderDirectory, "cur", finalName), overwrite: true);
            return AppendOutcome.Success(key, key);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(temporary);
            return AppendOutcome.Failure(key, e.Message);
        }
        catch (Exception e) when (e is OperationCanceledException or PostOfficeUnavailableException)
        {
            TryDelete(temporary);
            throw;
        }
    }

    /// <summary>
    /// Copies the source into tmp/; returns the source's error, while target errors are thrown, and so is a source post
    /// office that stopped answering: that is no fault of the message.
    /// </summary>
    private async Task<string?> WriteTemporaryAsync(OutgoingMessage message, string temporary, CancellationToken cancellationToken)
    {
        Stream source;
        try
        {
            source = await message.OpenContent(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException and not PostOfficeUnavailableException)
        {
            return e.Message;
        }
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            // Whatever an earlier attempt left is removed (a link itself, never what it points to), and CreateNew
            // (O_EXCL) then refuses anything that appears meanwhile, a link included, instead of writing through it.
            File.Delete(temporary);
            await using var target = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None,
                bufferSize: 0, FileOptions.Asynchronous);
            while (true)
            {
                int read;
                try
                {
                    read = await source.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken);
                }
                catch (Exception e) when (e is not OperationCanceledException and not PostOfficeUnavailableException)
                {
                    return e.Message;
                }
                if (read == 0) break;
                await target.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            }
            if (options.FsyncOnDelivery) target.Flush(flushToDisk: true);
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            await DisposeSourceAsync(source);
        }
    }

    public List<int> KeywordIndexes(IReadOnlyList<string> wanted, string key, DovecotKeywords keywords)
    {
        var indexes = new List<int>();
        foreach (var keyword in wanted)
        {
            if (keywords.IndexOf(keyword) is { } index) indexes.Add(index);
            else logger.LogWarning("Keyword {Keyword} of {DeliveryKey} dropped: the folder has no free keyword letter or the name cannot be stored",
                keyword, key);
        }
        return indexes;
    }

    private static bool IsStorableKeyword(string keyword) =>
        keyword.Length > 0 && !keyword.Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    private async Task DisposeSourceAsync(Stream source)
    {
        try
        {
            await source.DisposeAsync();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The bytes are already copied; a source that fails to close does not make the delivery wrong.
            logger.LogDebug(e, "Closing a source stream failed");
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning(e, "Could not remove the partial delivery {Path}", path);
        }
    }
}
