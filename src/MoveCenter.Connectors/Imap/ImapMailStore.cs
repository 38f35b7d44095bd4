using System.Collections.Concurrent;
using MailKit.Net.Imap;
using Microsoft.Extensions.Logging;
using MoveCenter.Connectors.Sieve;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// A post office reached over IMAP. Every mailbox is opened by the admin account on the user's behalf (SASL PLAIN with
/// the user as authorization identity, as Dovecot master users and most servers' proxy-auth allow). Each session has
/// its own connection, so several sessions may work on one mailbox in parallel. With a <paramref name="pool"/>, a
/// session ends by handing its logged-in connection to the pool, and a new session takes one from there before it
/// logs in (see <see cref="ImapConnectionPool"/> for why).
/// </summary>
public sealed class ImapMailStore(ImapConnectionSettings settings, ILogger logger, ImapConnectionPool? pool = null) : IMailStore
{
    private static readonly (ImapCapabilities Flag, string Name)[] ReportedCapabilities =
    [
        (ImapCapabilities.IMAP4rev1, "IMAP4rev1"), (ImapCapabilities.IMAP4rev2, "IMAP4rev2"), (ImapCapabilities.Idle, "IDLE"),
        (ImapCapabilities.UidPlus, "UIDPLUS"), (ImapCapabilities.MultiAppend, "MULTIAPPEND"),
        (ImapCapabilities.SpecialUse, "SPECIAL-USE"), (ImapCapabilities.CreateSpecialUse, "CREATE-SPECIAL-USE"),
        (ImapCapabilities.ListExtended, "LIST-EXTENDED"), (ImapCapabilities.UTF8Accept, "UTF8=ACCEPT"),
        (ImapCapabilities.LiteralPlus, "LITERAL+"), (ImapCapabilities.Move, "MOVE"), (ImapCapabilities.CondStore, "CONDSTORE"),
        (ImapCapabilities.XList, "XLIST"),
    ];

    /// <summary>Special-use aliases per mailbox (see <see cref="ImapFolderTree"/>), shared by that mailbox's parallel sessions.</summary>
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<FolderPath, FolderPath>> _aliases = new(StringComparer.Ordinal);

    public async Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        ImapClient client;
        try
        {
            client = await ImapConnector.ConnectAsync(settings, cancellationToken);
        }
        catch (PostOfficeUnavailableException e)
        {
            return new ConnectionTestResult(false, e.Message, []);
        }
        using (client)
        {
            try
            {
                await ImapConnector.AuthenticateAsync(client, settings, authorizationId: null, cancellationToken);
            }
            catch (MailboxAccessException e)
            {
                return new ConnectionTestResult(false, $"credentials refused for {settings.AdminUser}: {e.InnerException?.Message}", Names(client));
            }
            catch (PostOfficeUnavailableException e)
            {
                return new ConnectionTestResult(false, e.Message, []);
            }
            var capabilities = Names(client);
            var warnings = await WarningsAsync(client, cancellationToken);
            await DisconnectQuietlyAsync(client);
            var summary = $"OK: {string.Join(", ", capabilities)}" + string.Concat(warnings.Select(w => $". Warning: {w}"));
            return new ConnectionTestResult(true, summary, capabilities) { Warnings = warnings };
        }
    }

    public async Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxId);
        if (pool is not null && await pool.TakeAsync(settings, mailboxId, cancellationToken) is { } idle)
        {
            logger.LogDebug("Reopened {Mailbox} on {Host}:{Port} over a logged-in connection", mailboxId, settings.Host, settings.Port);
            return Session(idle, reused: true, mailboxId);
        }
        var client = await ImapConnector.ConnectAsync(settings, cancellationToken);
        try
        {
            await ImapConnector.LogInAsUserAsync(client, settings, mailboxId, cancellationToken);
            logger.LogDebug("Opened {Mailbox} on {Host}:{Port} as {Admin}", mailboxId, settings.Host, settings.Port, settings.AdminUser);
            return Session(client, reused: false, mailboxId);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    private ImapMailboxSession Session(ImapClient client, bool reused, string mailboxId) =>
        new(client, reused, settings, mailboxId, _aliases.GetOrAdd(mailboxId, _ => new()), logger, pool);

    /// <summary>The user's Sieve scripts over ManageSieve, when the post office has a Sieve port; otherwise null.</summary>
    public async Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mailboxId);
        if (settings.SievePort is null) return null;
        var rules = await ManageSieveRuleStore.OpenAsync(settings, mailboxId, cancellationToken);
        logger.LogDebug("Opened the Sieve scripts of {Mailbox} on {Host}:{Port}", mailboxId, settings.Host, settings.SievePort);
        return rules;
    }

    private async Task<IReadOnlyList<string>> WarningsAsync(ImapClient client, CancellationToken cancellationToken)
    {
        try
        {
            return await EightBitHeaderProbe.WarningAsync(client, settings.AdminUser, cancellationToken) is { } warning ? [warning] : [];
        }
        catch (Exception e) when (e is ImapCommandException || ImapFailures.IsConnectionLoss(e))
        {
            // The connection works, which is what the test is for; the probe only adds what it can find out.
            logger.LogInformation(e, "Could not check how {Host}:{Port} stores 8-bit header bytes", settings.Host, settings.Port);
            return [];
        }
    }

    private static List<string> Names(ImapClient client) =>
        ReportedCapabilities.Where(c => client.Capabilities.HasFlag(c.Flag)).Select(c => c.Name).ToList();

    private async Task DisconnectQuietlyAsync(ImapClient client)
    {
        try
        {
            await client.DisconnectAsync(quit: true, CancellationToken.None);
        }
        catch (Exception e) when (ImapFailures.IsConnectionLoss(e))
        {
            logger.LogDebug(e, "LOGOUT failed after a successful connection test");
        }
    }
}
