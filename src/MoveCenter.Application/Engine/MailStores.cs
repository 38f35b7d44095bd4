using Microsoft.Extensions.Logging;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Opens a user's mailbox on a post office. The phases depend on this seam rather than on <see cref="MailStores"/>,
/// so that a mailbox session can be wrapped (instrumentation, fault injection in tests) without touching the engine.
/// </summary>
public interface IMailStoreFactory
{
    Task<IMailboxSession> OpenAsync(PostOffice postOffice, string mailboxId, CancellationToken cancellationToken);
}

/// <summary>Builds the connector for a post office from its directory entry.</summary>
public sealed class MailStores(ILoggerFactory loggerFactory) : IMailStoreFactory
{
    public IMailStore For(PostOffice postOffice) => postOffice.Kind switch
    {
        PostOfficeKind.Maildir => new MaildirMailStore(
            postOffice.RootPath ?? throw new InvalidOperationException($"Post office {postOffice.Name} has no Maildir root."),
            loggerFactory.CreateLogger<MaildirMailStore>()),
        _ => throw new NotSupportedException($"Post office {postOffice.Name} is of kind {postOffice.Kind}, which this version cannot open."),
    };

    public Task<IMailboxSession> OpenAsync(PostOffice postOffice, string mailboxId, CancellationToken cancellationToken) =>
        For(postOffice).OpenMailboxAsync(mailboxId, cancellationToken);
}
