using MoveCenter.Connectors;

namespace MoveCenter.Application.Engine;

public sealed record MailboxSessionPair(IMailboxSession Source, IMailboxSession Target);

/// <summary>
/// The connections one move uses: several source/target session pairs, all opened from one store per post office,
/// so what a store learns about the mailbox (its folder mapping) is shared by every connection.
/// </summary>
public sealed class MailboxSessionPairs : IAsyncDisposable
{
    private MailboxSessionPairs(IReadOnlyList<MailboxSessionPair> pairs) => Pairs = pairs;

    public IReadOnlyList<MailboxSessionPair> Pairs { get; }

    public static async Task<MailboxSessionPairs> OpenAsync(IMailStoreFactory stores, PhaseContext context, int count, CancellationToken cancellationToken)
    {
        var sourceStore = stores.For(context.Source);
        var targetStore = stores.For(context.Target);
        var pairs = new List<MailboxSessionPair>(count);
        try
        {
            for (var i = 0; i < count; i++)
            {
                var source = await sourceStore.OpenMailboxAsync(context.UserId, cancellationToken);
                try
                {
                    pairs.Add(new MailboxSessionPair(source, await targetStore.OpenMailboxAsync(context.UserId, cancellationToken)));
                }
                catch
                {
                    await source.DisposeAsync();
                    throw;
                }
            }
            return new MailboxSessionPairs(pairs);
        }
        catch
        {
            await new MailboxSessionPairs(pairs).DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var pair in Pairs)
        {
            await pair.Source.DisposeAsync();
            await pair.Target.DisposeAsync();
        }
    }
}
