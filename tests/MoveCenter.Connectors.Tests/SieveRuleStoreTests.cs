using MoveCenter.Connectors.Imap;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Connectors.Sieve;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

public sealed class SieveRuleStoreTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private static readonly SieveScript Vacation = new("vacation", "require \"vacation\";\r\nvacation :days 7 \"Away until Monday, back soon – Grüße.\";\r\n", false);

    private static readonly SieveScript Filing = new("Filing rules", "require [\"fileinto\"];\r\nif header :contains \"subject\" \"[list]\" {\r\n  fileinto \"Lists\";\r\n}\r\n", true);

    [Fact]
    public async Task ManageSieve_stores_two_scripts_for_a_user_and_lists_them_with_exact_content_and_the_active_one()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);

        await using (var rules = await OpenRulesAsync(dovecot.A, user))
        {
            await rules.PutAsync(Vacation, ct);
            await rules.PutAsync(Filing, ct);
        }

        await using var check = await OpenRulesAsync(dovecot.A, user);
        var listed = (await check.ListAsync(ct)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([Filing, Vacation], listed);
    }

    [Fact]
    public async Task ManageSieve_scripts_are_the_users_own_and_land_where_dovecot_runs_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        var other = await NewUserAsync(dovecot.A);

        await using (var rules = await OpenRulesAsync(dovecot.A, user)) await rules.PutAsync(Filing, ct);

        await using var otherRules = await OpenRulesAsync(dovecot.A, other);
        Assert.Empty(await otherRules.ListAsync(ct));
        // Dovecot's own layout, which the Maildir rule store reads: the same scripts seen through the files.
        var onDisk = await new MaildirRuleStore(dovecot.A.MaildirOf(user)).ListAsync(ct);
        Assert.Equal([Filing], onDisk);
    }

    [Fact]
    public async Task Putting_a_script_again_replaces_it_and_activating_another_moves_the_active_flag()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var rules = await OpenRulesAsync(dovecot.A, user);

        await rules.PutAsync(Filing, ct);
        await rules.PutAsync(Filing with { Content = "keep;\r\n" }, ct);
        await rules.PutAsync(Vacation with { Active = true }, ct);

        var listed = (await rules.ListAsync(ct)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList();
        Assert.Equal([Filing with { Content = "keep;\r\n", Active = false }, Vacation with { Active = true }], listed);
    }

    [Fact]
    public async Task A_script_that_does_not_compile_is_refused_with_the_servers_reason()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var rules = await OpenRulesAsync(dovecot.A, user);

        var refused = await Assert.ThrowsAsync<RuleRefusedException>(() => rules.PutAsync(new SieveScript("broken", "if true {\r\n", false), ct));

        Assert.Contains("PUTSCRIPT", refused.Message);
        Assert.Contains("NO", refused.Message);
        Assert.Empty(await rules.ListAsync(ct));
    }

    [Fact]
    public async Task ManageSieve_switches_to_tls_when_the_post_office_uses_starttls()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await DovecotServer.StartAsync("sievetls", new DovecotServerOptions { StartTls = true });
        var user = await NewUserAsync(server);
        var store = Store(server, security: ImapSecurity.StartTls, skipCertificateValidation: true, withSieve: true);

        await using var rules = (await store.OpenRulesAsync(user, ct))!;
        await rules.PutAsync(Filing, ct);

        Assert.Equal([Filing], await rules.ListAsync(ct));
    }

    [Fact]
    public async Task An_untrusted_certificate_on_the_sieve_port_is_an_unavailable_post_office_with_a_tls_failure()
    {
        await using var server = await DovecotServer.StartAsync("sievetls", new DovecotServerOptions { StartTls = true });
        var user = await NewUserAsync(server);
        var store = Store(server, security: ImapSecurity.StartTls, withSieve: true);

        var failure = await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => store.OpenRulesAsync(user, TestContext.Current.CancellationToken));

        Assert.IsType<TlsFailureException>(failure.InnerException);
    }

    [Fact]
    public async Task Wrong_admin_password_is_a_mailbox_access_failure()
    {
        var user = await NewUserAsync(dovecot.A);
        var store = Store(dovecot.A, password: "wrong", withSieve: true);

        await Assert.ThrowsAsync<MailboxAccessException>(() => store.OpenRulesAsync(user, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_sieve_port_nobody_listens_on_is_an_unavailable_post_office()
    {
        var settings = new ImapConnectionSettings(dovecot.A.Host, dovecot.A.ImapPort, ImapSecurity.None, dovecot.A.MasterUser,
            dovecot.A.MasterPassword, SievePort: ClosedPort());
        var store = new ImapMailStore(settings, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        await Assert.ThrowsAsync<PostOfficeUnavailableException>(() => store.OpenRulesAsync("anyone", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task An_imap_post_office_without_a_sieve_port_offers_no_rules()
    {
        var user = await NewUserAsync(dovecot.A);

        Assert.Null(await Store(dovecot.A).OpenRulesAsync(user, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task The_client_reads_the_servers_capabilities_and_logs_out()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = await ManageSieveClient.ConnectAsync(dovecot.A.Host, dovecot.A.SievePort, requireTls: false, skipCertificateValidation: false, ct);
        await using (client)
        {
            Assert.Contains("PLAIN", client.Capabilities["SASL"].Split(' '));
            Assert.Contains("fileinto", client.Capabilities["SIEVE"].Split(' '));
            await client.AuthenticateAsync(dovecot.A.MasterUser, dovecot.A.MasterPassword, authorizationId: null, ct);
            Assert.True(client.IsAuthenticated);
            await client.LogoutAsync(ct);
        }
    }

    [Fact]
    public async Task Maildir_rule_store_round_trips_two_scripts_with_the_active_one_as_dovecots_symlink()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maildir = new MaildirFixture();
        await using (var session = await maildir.OpenAsync("alice")) await session.CreateAsync(ct);

        await using (var rules = (await maildir.Store.OpenRulesAsync("alice", ct))!)
        {
            await rules.PutAsync(Filing, ct);
            await rules.PutAsync(Vacation, ct);
            await rules.PutAsync(Filing, ct);
        }

        await using var check = (await maildir.Store.OpenRulesAsync("alice", ct))!;
        Assert.Equal([Filing, Vacation], (await check.ListAsync(ct)).OrderBy(s => s.Name, StringComparer.Ordinal).ToList());
        var mailbox = maildir.Store.GetMailboxPath("alice");
        Assert.Equal("sieve/Filing rules.sieve", new FileInfo(Path.Combine(mailbox, ".dovecot.sieve")).LinkTarget);
        Assert.Equal(Filing.Content, await File.ReadAllTextAsync(Path.Combine(mailbox, "sieve", "Filing rules.sieve"), ct));
        // The script directory is not mistaken for a mail folder.
        await using var session2 = await maildir.OpenAsync("alice");
        Assert.Equal([FolderPath.Inbox], (await session2.ListFoldersAsync(ct)).Select(f => f.Path));
    }

    [Fact]
    public async Task Maildir_without_scripts_lists_none_and_a_hand_written_active_file_is_listed_as_active()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maildir = new MaildirFixture();
        await using (var session = await maildir.OpenAsync("bob")) await session.CreateAsync(ct);
        await using var rules = (await maildir.Store.OpenRulesAsync("bob", ct))!;
        Assert.Empty(await rules.ListAsync(ct));

        await File.WriteAllTextAsync(Path.Combine(maildir.Store.GetMailboxPath("bob"), ".dovecot.sieve"), "keep;\n", ct);

        Assert.Equal([new SieveScript(MaildirRuleStore.HandWrittenScript, "keep;\n", true)], await rules.ListAsync(ct));
    }

    private static async Task<IRuleStore> OpenRulesAsync(DovecotServer server, string user) =>
        await Store(server, withSieve: true).OpenRulesAsync(user, TestContext.Current.CancellationToken)
        ?? throw new InvalidOperationException("no rule store");

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
