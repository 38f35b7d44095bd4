using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Tests.Support;

/// <summary>What the probe does once the target has accepted a number of messages.</summary>
public enum ProbeFault
{
    /// <summary>Lets every delivery through, only counting them.</summary>
    None,

    /// <summary>Holds the next append until its cancellation token fires: a node stopping in the middle of a transfer.</summary>
    BlockUntilCancelled,

    /// <summary>
    /// Lets the real append deliver its block, then the worker vanishes before it returns: nothing more is written,
    /// the lease is not released, as when a process dies after the target accepted mail but before the database knew.
    /// </summary>
    DieAfterDelivery,

    /// <summary>Holds every append from then on until <see cref="TargetDeliveryProbe.Release"/>: time for a test to stop the target server.</summary>
    HoldUntilReleased,
}

/// <summary>
/// Wraps the real mailbox sessions of one post office (no mock: every call reaches the Maildir connector) to count
/// what the target accepted and to inject a fault after a number of delivered messages.
/// One probe can be shared by several hosts, so the count spans restarts.
/// </summary>
public sealed class TargetDeliveryProbe(string postOffice)
{
    private readonly string _postOffice = postOffice;
    private readonly ConcurrentDictionary<string, int> _deliveries = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _foundAtTarget = new(StringComparer.Ordinal);
    private readonly TaskCompletionSource _faulted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _delivered;

    public ProbeFault Fault { get; set; }

    public int FaultAfter { get; set; }

    /// <summary>Completes when the fault happened (the append is blocked, or the worker has died).</summary>
    public Task Faulted => _faulted.Task;

    public int Delivered => Volatile.Read(ref _delivered);

    /// <summary>How often the target accepted each delivery key, over every host this probe was given to.</summary>
    public IReadOnlyDictionary<string, int> DeliveriesByKey => _deliveries;

    /// <summary>
    /// Delivery keys a resumed run looked up and found at the target. An append cut off by a stopping node may have
    /// delivered part of its block without returning, so those deliveries are known only from this lookup.
    /// </summary>
    public IReadOnlyCollection<string> FoundAtTarget => (IReadOnlyCollection<string>)_foundAtTarget.Keys;

    /// <summary>Lets the appends held by <see cref="ProbeFault.HoldUntilReleased"/> go on to the real store.</summary>
    public void Release() => _released.TrySetResult();

    /// <summary>Puts the probe between the engine and the real mail stores of a host.</summary>
    public void Install(IServiceCollection services) =>
        services.AddSingleton<IMailStoreFactory>(provider => new Factory(provider.GetRequiredService<MailStores>(), this));

    private async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
        IMailboxSession inner, FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
    {
        if (Fault == ProbeFault.BlockUntilCancelled && Delivered >= FaultAfter)
        {
            _faulted.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        if (Fault == ProbeFault.HoldUntilReleased && Delivered >= FaultAfter)
        {
            _faulted.TrySetResult();
            await _released.Task.WaitAsync(cancellationToken);
        }

        var outcomes = await inner.AppendAsync(folder, messages, cancellationToken);
        foreach (var outcome in outcomes.Where(o => o.Delivered))
        {
            _deliveries.AddOrUpdate(outcome.DeliveryKey, 1, (_, n) => n + 1);
            Interlocked.Increment(ref _delivered);
        }

        if (Fault == ProbeFault.DieAfterDelivery && Delivered >= FaultAfter && _faulted.TrySetResult())
            throw new LeaseLostException(Guid.Empty);
        return outcomes;
    }

    private sealed class Factory(MailStores inner, TargetDeliveryProbe probe) : IMailStoreFactory
    {
        public IMailStore For(PostOffice postOffice)
        {
            var store = inner.For(postOffice);
            return postOffice.Name == probe._postOffice ? new Store(store, probe) : store;
        }
    }

    private sealed class Store(IMailStore inner, TargetDeliveryProbe probe) : IMailStore
    {
        public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken) => inner.TestConnectionAsync(cancellationToken);

        public async Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken) =>
            new Session(await inner.OpenMailboxAsync(mailboxId, cancellationToken), probe);

        public Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken) => inner.OpenRulesAsync(mailboxId, cancellationToken);
    }

    private sealed class Session(IMailboxSession inner, TargetDeliveryProbe probe) : IMailboxSession
    {
        public Task<bool> ExistsAsync(CancellationToken cancellationToken) => inner.ExistsAsync(cancellationToken);

        public Task CreateAsync(CancellationToken cancellationToken) => inner.CreateAsync(cancellationToken);

        public Task<IReadOnlyList<MailFolder>> ListFoldersAsync(CancellationToken cancellationToken) => inner.ListFoldersAsync(cancellationToken);

        public IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, Func<string, bool> wanted, CancellationToken cancellationToken) =>
            inner.ListMessagesAsync(folder, wanted, cancellationToken);

        public Task<(int Messages, long Bytes)> MeasureFolderAsync(FolderPath folder, CancellationToken cancellationToken) =>
            inner.MeasureFolderAsync(folder, cancellationToken);

        public Task<Stream> OpenMessageAsync(FolderPath folder, string sourceKey, CancellationToken cancellationToken) =>
            inner.OpenMessageAsync(folder, sourceKey, cancellationToken);

        public void ExpectReads(FolderPath folder, IReadOnlyList<PlannedRead> messages) => inner.ExpectReads(folder, messages);

        public Task EnsureFolderAsync(MailFolder folder, CancellationToken cancellationToken) => inner.EnsureFolderAsync(folder, cancellationToken);

        public async Task<IReadOnlyDictionary<string, string>> FindDeliveredAsync(
            FolderPath folder, IReadOnlyCollection<OutgoingMessage> candidates, CancellationToken cancellationToken)
        {
            var found = await inner.FindDeliveredAsync(folder, candidates, cancellationToken);
            foreach (var key in found.Keys) probe._foundAtTarget.TryAdd(key, 0);
            return found;
        }

        public Task<IReadOnlyList<AppendOutcome>> AppendAsync(
            FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken) =>
            probe.AppendAsync(inner, folder, messages, cancellationToken);

        public IAsyncEnumerable<MessageState> ListStatesAsync(FolderPath folder, CancellationToken cancellationToken) => inner.ListStatesAsync(folder, cancellationToken);

        public Task<string?> ReadMarkAsync(FolderPath folder, CancellationToken cancellationToken) => inner.ReadMarkAsync(folder, cancellationToken);

        public Task<FolderChanges> ListChangesAsync(FolderPath folder, string? since, CancellationToken cancellationToken) =>
            inner.ListChangesAsync(folder, since, cancellationToken);

        public Task SetFlagsAsync(FolderPath folder, IReadOnlyList<FlagChange> changes, CancellationToken cancellationToken) =>
            inner.SetFlagsAsync(folder, changes, cancellationToken);

        public Task RemoveMessagesAsync(FolderPath folder, IReadOnlyCollection<string> keys, CancellationToken cancellationToken) =>
            inner.RemoveMessagesAsync(folder, keys, cancellationToken);

        public Task DeleteFolderAsync(FolderPath folder, CancellationToken cancellationToken) => inner.DeleteFolderAsync(folder, cancellationToken);

        public Task DeleteAsync(CancellationToken cancellationToken) => inner.DeleteAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
