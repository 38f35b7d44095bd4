using Microsoft.Extensions.Logging;

namespace MoveCenter.Connectors.Maildir;

/// <param name="FsyncOnDelivery">
/// Flush each delivered file to disk before it is renamed into cur/. Off by default: a move can be repeated,
/// and FindDeliveredAsync recovers deliveries whose outcome was lost.
/// </param>
public sealed record MaildirOptions(bool FsyncOnDelivery = false);

/// <summary>A post office whose mailboxes are Maildir++ directories <c>{root}/{mailboxId}/</c>, as Dovecot and Postfix write them.</summary>
public sealed class MaildirMailStore(string rootPath, ILogger logger, MaildirOptions? options = null) : IMailStore
{
    private readonly MaildirOptions _options = options ?? new MaildirOptions();

    public string RootPath { get; } = Path.GetFullPath(rootPath);

    public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
    {
        if (!Directory.Exists(RootPath))
            return Task.FromResult(new ConnectionTestResult(false, $"The Maildir root {RootPath} does not exist.", []));
        var probe = Path.Combine(RootPath, $".movecenter-probe-{Guid.NewGuid():N}");
        try
        {
            File.WriteAllText(probe, "probe");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Task.FromResult(new ConnectionTestResult(false, $"The Maildir root {RootPath} is not writable: {e.Message}", []));
        }
        var mailboxes = Directory.EnumerateDirectories(RootPath).Count();
        return Task.FromResult(new ConnectionTestResult(
            true, $"Maildir root {RootPath} is writable and holds {mailboxes} mailbox directories.", ["MAILDIR++", "KEYWORDS"]));
    }

    public Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken)
    {
        CheckMailboxId(mailboxId);
        return Task.FromResult<IMailboxSession>(
            new MaildirMailboxSession(RootPath, Path.Combine(RootPath, mailboxId), _options, logger));
    }

    /// <summary>The user's Sieve scripts in Dovecot's layout next to the Maildir (see <see cref="MaildirRuleStore"/>).</summary>
    public Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken)
    {
        CheckMailboxId(mailboxId);
        return Task.FromResult<IRuleStore?>(new MaildirRuleStore(Path.Combine(RootPath, mailboxId)));
    }

    private void CheckMailboxId(string mailboxId)
    {
        var problem = MaildirFileName.ValidateUniqueName(mailboxId);
        if (problem is not null || mailboxId.StartsWith('.'))
            throw new MailboxAccessException($"\"{mailboxId}\" is not a valid Maildir mailbox id: {problem ?? "it starts with '.'"}.");
        if (!Directory.Exists(RootPath))
            throw new PostOfficeUnavailableException($"The Maildir root {RootPath} does not exist or is not mounted.");
    }

    /// <summary>The directory holding a mailbox, for tools that work on the files directly (demo data).</summary>
    public string GetMailboxPath(string mailboxId) => Path.Combine(RootPath, mailboxId);
}
