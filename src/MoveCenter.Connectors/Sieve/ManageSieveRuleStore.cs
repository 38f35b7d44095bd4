using MoveCenter.Connectors.Imap;

namespace MoveCenter.Connectors.Sieve;

/// <summary>A user's Sieve scripts on a ManageSieve server, reached by the admin on the user's behalf.</summary>
public sealed class ManageSieveRuleStore : IRuleStore
{
    private readonly ManageSieveClient _client;

    private ManageSieveRuleStore(ManageSieveClient client) => _client = client;

    /// <summary>Connects to <see cref="ImapConnectionSettings.SievePort"/> and logs in as the admin acting for <paramref name="mailboxId"/>.</summary>
    public static async Task<ManageSieveRuleStore> OpenAsync(ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken)
    {
        var port = settings.SievePort ?? throw new InvalidOperationException($"{settings.Host} has no ManageSieve port configured.");
        var client = await ManageSieveClient.ConnectAsync(
            settings.Host, port, settings.Security != ImapSecurity.None, settings.SkipCertificateValidation, cancellationToken);
        try
        {
            await client.AuthenticateAsync(settings.AdminUser, settings.AdminPassword, mailboxId, cancellationToken);
            return new ManageSieveRuleStore(client);
        }
        catch
        {
            await client.DisposeAsync();
            throw;
        }
    }

    public async Task<IReadOnlyList<SieveScript>> ListAsync(CancellationToken cancellationToken)
    {
        var scripts = new List<SieveScript>();
        foreach (var script in await _client.ListScriptsAsync(cancellationToken))
            scripts.Add(new SieveScript(script.Name, await _client.GetScriptAsync(script.Name, cancellationToken), script.Active));
        return scripts;
    }

    public async Task PutAsync(SieveScript script, CancellationToken cancellationToken)
    {
        await _client.PutScriptAsync(script.Name, script.Content, cancellationToken);
        if (script.Active) await _client.SetActiveAsync(script.Name, cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _client.LogoutAsync(CancellationToken.None);
        }
        catch (PostOfficeUnavailableException)
        {
            // The connection is gone anyway; nothing was pending.
        }
        finally
        {
            await _client.DisposeAsync();
        }
    }
}
