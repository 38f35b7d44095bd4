using Microsoft.Extensions.Logging;
using MoveCenter.Application.Directory;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Imap;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Directory;

namespace MoveCenter.Application.Engine;

/// <summary>
/// Gives the mail store of a post office. The phases depend on this seam rather than on <see cref="MailStores"/>,
/// so that a store can be wrapped (instrumentation, fault injection in tests) without touching the engine.
/// </summary>
public interface IMailStoreFactory
{
    IMailStore For(PostOffice postOffice);
}

public static class MailStoreFactoryExtensions
{
    public static Task<IMailboxSession> OpenAsync(this IMailStoreFactory stores, PostOffice postOffice, string mailboxId, CancellationToken cancellationToken) =>
        stores.For(postOffice).OpenMailboxAsync(mailboxId, cancellationToken);
}

/// <summary>
/// Builds the connector for a post office from its directory entry. IMAP stores share the node's
/// <see cref="ImapConnectionPool"/>, so a move's next phase reuses the logins of the one before.
/// </summary>
public sealed class MailStores(PostOfficeSecrets secrets, ILoggerFactory loggerFactory, ImapConnectionPool imapConnections) : IMailStoreFactory
{
    /// <summary>The post office's store; its "unavailable" failures carry the post office's name (see <see cref="PostOfficeTaggedStore"/>).</summary>
    public IMailStore For(PostOffice postOffice) => new PostOfficeTaggedStore(Connector(postOffice), postOffice);

    private IMailStore Connector(PostOffice postOffice) => postOffice.Kind switch
    {
        PostOfficeKind.Maildir => new MaildirMailStore(
            postOffice.RootPath ?? throw new InvalidOperationException($"Post office {postOffice.Name} has no Maildir root."),
            loggerFactory.CreateLogger<MaildirMailStore>()),
        PostOfficeKind.Imap => new ImapMailStore(ImapSettings(postOffice), loggerFactory.CreateLogger<ImapMailStore>(), imapConnections),
        _ => throw new NotSupportedException($"Post office {postOffice.Name} is of kind {postOffice.Kind}, which this version cannot open."),
    };

    private ImapConnectionSettings ImapSettings(PostOffice postOffice) => new(
        postOffice.Host ?? throw new InvalidOperationException($"Post office {postOffice.Name} has no IMAP host."),
        postOffice.Port ?? DefaultPort(postOffice.Security),
        postOffice.Security switch
        {
            Domain.Directory.ImapSecurity.Tls => Connectors.Imap.ImapSecurity.Tls,
            Domain.Directory.ImapSecurity.StartTls => Connectors.Imap.ImapSecurity.StartTls,
            _ => Connectors.Imap.ImapSecurity.None,
        },
        postOffice.AdminUser ?? "",
        secrets.Unprotect(postOffice.ProtectedAdminPassword ?? throw new InvalidOperationException($"Post office {postOffice.Name} has no admin password.")),
        postOffice.SkipCertificateValidation,
        postOffice.SievePort);

    public static int DefaultPort(Domain.Directory.ImapSecurity security) => security == Domain.Directory.ImapSecurity.Tls ? 993 : 143;
}
