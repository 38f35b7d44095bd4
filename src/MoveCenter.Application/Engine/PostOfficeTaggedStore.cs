using System.Runtime.CompilerServices;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Marks every "post office unavailable" failure of a store with the name of its post office, so that a move's wait
/// reason can say which post office did not answer (a phase talks to both, and the connector only knows host and port).
/// </summary>
internal sealed class PostOfficeTaggedStore(IMailStore inner, PostOffice postOffice) : IMailStore
{
    public const string PostOfficeKey = "MoveCenter.PostOffice";

    /// <summary>The name of the post office that did not answer, when a tagged store threw it.</summary>
    public static string? PostOfficeOf(PostOfficeUnavailableException exception) => exception.Data[PostOfficeKey] as string;

    public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken) => inner.TestConnectionAsync(cancellationToken);

    public async Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken) =>
        new Session(await Tag(() => inner.OpenMailboxAsync(mailboxId, cancellationToken)), this);

    public async Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken) =>
        await Tag(() => inner.OpenRulesAsync(mailboxId, cancellationToken)) is { } rules ? new Rules(rules, this) : null;

    private async Task<T> Tag<T>(Func<Task<T>> operation)
    {
        try
        {
            return await operation();
        }
        catch (PostOfficeUnavailableException e)
        {
            // The first store to see the failure names it: a target's append passes on a failure of the source it reads.
            if (!e.Data.Contains(PostOfficeKey)) e.Data[PostOfficeKey] = postOffice.Name;
            throw;
        }
    }

    private async Task Tag(Func<Task> operation) => await Tag(async () =>
    {
        await operation();
        return true;
    });

    private sealed class Session(IMailboxSession inner, PostOfficeTaggedStore store) : IMailboxSession
    {
        public Task<bool> ExistsAsync(CancellationToken cancellationToken) => store.Tag(() => inner.ExistsAsync(cancellationToken));

        public Task CreateAsync(CancellationToken cancellationToken) => store.Tag(() => inner.CreateAsync(cancellationToken));

        public Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken) => store.Tag(() => inner.ListFoldersAsync(cancellationToken));

        public async IAsyncEnumerable<MessageSummary> ListMessagesAsync(
            FolderPath folder, Func<string, bool> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await using var messages = inner.ListMessagesAsync(folder, wanted, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await store.Tag(() => messages.MoveNextAsync().AsTask()))
                yield return messages.Current;
        }

        public Task<(int Messages, long Bytes)> MeasureFolderAsync(FolderPath folder, CancellationToken cancellationToken) =>
            store.Tag(() => inner.MeasureFolderAsync(folder, cancellationToken));

        public async Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken)
        {
            var content = await store.Tag(() => inner.OpenMessageAsync(folder, sourceKey, cancellationToken));
            return content is MemoryStream ? content : new Content(content, store);
        }

        public void ExpectReads(FolderPath folder, IReadOnlyList<PlannedRead> messages) => inner.ExpectReads(folder, messages);

        public Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken) => store.Tag(() => inner.EnsureFolderAsync(folder, cancellationToken));

        public Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
            FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken) =>
            store.Tag(() => inner.FindDeliveredAsync(folder, candidates, cancellationToken));

        public Task<IReadOnlyList<AppendOutcome>> AppendAsync(FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
            store.Tag(() => inner.AppendAsync(folder, messages, cancellationToken));

        public async IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await using var states = inner.ListStatesAsync(folder, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (await store.Tag(() => states.MoveNextAsync().AsTask()))
                yield return states.Current;
        }

        public Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) =>
            store.Tag(() => inner.ReadMarkAsync(folder, cancellationToken));

        public Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken) =>
            store.Tag(() => inner.ListChangesAsync(folder, since, cancellationToken));

        public Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken) =>
            store.Tag(() => inner.SetFlagsAsync(folder, changes, cancellationToken));

        public Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            store.Tag(() => inner.RemoveMessagesAsync(folder, keys, cancellationToken));

        public Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken) => store.Tag(() => inner.DeleteFolderAsync(folder, cancellationToken));

        public Task DeleteAsync(CancellationToken cancellationToken) => store.Tag(() => inner.DeleteAsync(cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    /// <summary>
    /// A message the target reads while it appends: a connection lost on the way is the source's failure and named so.
    /// (Content already in memory cannot fail and is passed as it is, which also keeps it cheap to hand over.)
    /// </summary>
    private sealed class Content(Stream inner, PostOfficeTaggedStore store) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) =>
            ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            await store.Tag(() => inner.ReadAsync(buffer, cancellationToken).AsTask());

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    private sealed class Rules(IRuleStore inner, PostOfficeTaggedStore store) : IRuleStore
    {
        public Task<IReadOnlyList<SieveScript>> ListAsync(CancellationToken cancellationToken) => store.Tag(() => inner.ListAsync(cancellationToken));

        public Task PutAsync(SieveScript script, CancellationToken cancellationToken) => store.Tag(() => inner.PutAsync(script, cancellationToken));

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
