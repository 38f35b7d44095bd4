using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Tests.Support;

/// <summary>
/// Puts a test double between the engine and the real mail stores of one post office: every call reaches the real
/// connector unless the double overrides it, so only the fault under test is made up.
/// </summary>
public abstract class MailStoreDouble(string postOffice)
{
    public void Install(IServiceCollection services) =>
        services.AddSingleton<IMailStoreFactory>(provider => new Factory(provider.GetRequiredService<MailStores>(), this));

    /// <summary>Wraps a session opened on the post office's mailbox <paramref name="mailboxId"/>; return it unchanged to leave it alone.</summary>
    protected abstract IMailboxSession Wrap(IMailboxSession session, string mailboxId);

    private sealed class Factory(MailStores inner, MailStoreDouble owner) : IMailStoreFactory
    {
        public IMailStore For(PostOffice postOffice) =>
            postOffice.Name == owner.PostOffice ? new Store(inner.For(postOffice), owner) : inner.For(postOffice);
    }

    private string PostOffice { get; } = postOffice;

    private sealed class Store(IMailStore inner, MailStoreDouble owner) : IMailStore
    {
        public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken) => inner.TestConnectionAsync(cancellationToken);

        public async Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken) =>
            owner.Wrap(await inner.OpenMailboxAsync(mailboxId, cancellationToken), mailboxId);

        public Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken) => inner.OpenRulesAsync(mailboxId, cancellationToken);
    }
}

/// <summary>A mailbox session that forwards every call; a test double overrides the one it changes.</summary>
public class DelegatingMailboxSession(IMailboxSession inner) : IMailboxSession
{
    protected IMailboxSession Inner { get; } = inner;

    public virtual Task<bool> ExistsAsync(CancellationToken cancellationToken) => Inner.ExistsAsync(cancellationToken);

    public virtual Task CreateAsync(CancellationToken cancellationToken) => Inner.CreateAsync(cancellationToken);

    public virtual Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken) => Inner.ListFoldersAsync(cancellationToken);

    public IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, CancellationToken cancellationToken) =>
        ListMessagesAsync(folder, static _ => true, cancellationToken);

    public virtual IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, Func<string, bool> wanted, CancellationToken cancellationToken) =>
        Inner.ListMessagesAsync(folder, wanted, cancellationToken);

    public virtual Task<(int Messages, long Bytes)> MeasureFolderAsync(FolderPath folder, CancellationToken cancellationToken) =>
        Inner.MeasureFolderAsync(folder, cancellationToken);

    public virtual Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken) =>
        Inner.OpenMessageAsync(folder, sourceKey, cancellationToken);

    public void ExpectReads(FolderPath folder, IReadOnlyList<PlannedRead> messages) => Inner.ExpectReads(folder, messages);

    public virtual Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken) => Inner.EnsureFolderAsync(folder, cancellationToken);

    public virtual Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
        FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken) =>
        Inner.FindDeliveredAsync(folder, candidates, cancellationToken);

    public virtual Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
        Inner.AppendAsync(folder, messages, cancellationToken);

    public virtual IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, CancellationToken cancellationToken) =>
        Inner.ListStatesAsync(folder, cancellationToken);

    public virtual Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) => Inner.ReadMarkAsync(folder, cancellationToken);

    public virtual Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken) =>
        Inner.ListChangesAsync(folder, since, cancellationToken);

    public virtual Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken) =>
        Inner.SetFlagsAsync(folder, changes, cancellationToken);

    public virtual Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
        Inner.RemoveMessagesAsync(folder, keys, cancellationToken);

    public virtual Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken) => Inner.DeleteFolderAsync(folder, cancellationToken);

    public virtual Task DeleteAsync(CancellationToken cancellationToken) => Inner.DeleteAsync(cancellationToken);

    public virtual ValueTask DisposeAsync() => Inner.DisposeAsync();
}
