using System.Collections.Concurrent;
using MoveCenter.Application.Demo;
using MoveCenter.Connectors;
using MoveCenter.Testing;

namespace MoveCenter.Application.Tests.Support;

/// <summary>Holds every append at the target until opened, so the moves that got a slot keep running, and keep it, for as long as the test needs.</summary>
public sealed class TargetGate() : MailStoreDouble(DemoDirectorySeeder.TargetPostOffice)
{
    private readonly TaskCompletionSource _opened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    // A move appends over several connections at once: the moves held are the mailboxes with an append waiting.
    private readonly ConcurrentDictionary<IMailboxSession, string> _holding = new();

    public void Open() => _opened.TrySetResult();

    public Task WaitUntilHoldingAsync(int moves) =>
        Eventually.UntilAsync(() => Task.FromResult(_holding.Values.Distinct().Count()), holding => holding == moves, $"{moves} moves are held at the target");

    protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, mailboxId, this);

    private sealed class Session(IMailboxSession inner, string mailboxId, TargetGate gate) : DelegatingMailboxSession(inner)
    {
        public override async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
            FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
        {
            gate._holding.TryAdd(this, mailboxId);
            try
            {
                await gate._opened.Task.WaitAsync(cancellationToken);
            }
            finally
            {
                gate._holding.TryRemove(this, out _);
            }
            return await Inner.AppendAsync(folder, messages, cancellationToken);
        }
    }
}
