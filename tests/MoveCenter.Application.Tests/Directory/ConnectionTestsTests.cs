using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Engine;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Directory;
using MoveCenter.Testing;
using Xunit;
using ImapSecurity = MoveCenter.Domain.Directory.ImapSecurity;

namespace MoveCenter.Application.Tests.Directory;

/// <summary>Preflights share a post office's recent connection test instead of each logging in and writing a probe folder.</summary>
public sealed class ConnectionTestsTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private DovecotServer _server = null!;
    private CountingStores _stores = null!;

    public async ValueTask InitializeAsync()
    {
        _server = await DovecotServer.StartAsync("probes");
        _stores = new CountingStores(_server);
    }

    [Fact]
    public async Task Preflights_within_ten_minutes_share_one_test_of_the_target_and_the_next_one_tests_again()
    {
        var tests = new ConnectionTests(_stores, _clock);
        var target = Target("protected-1");

        Assert.Empty(await tests.WarningsAsync(target, TestContext.Current.CancellationToken));
        _clock.Advance(ConnectionTests.Fresh - TimeSpan.FromSeconds(1));
        Assert.Empty(await tests.WarningsAsync(target, TestContext.Current.CancellationToken));
        Assert.Equal(1, _stores.Tests);

        _clock.Advance(TimeSpan.FromSeconds(2));
        await tests.WarningsAsync(target, TestContext.Current.CancellationToken);
        Assert.Equal(2, _stores.Tests);
    }

    [Fact]
    public async Task Preflights_that_start_together_wait_for_one_test()
    {
        var tests = new ConnectionTests(_stores, _clock);
        var target = Target("protected-1");

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => tests.WarningsAsync(target, TestContext.Current.CancellationToken)));

        Assert.Equal(1, _stores.Tests);
    }

    [Fact]
    public async Task A_post_office_whose_connection_settings_changed_is_tested_anew()
    {
        var tests = new ConnectionTests(_stores, _clock);
        await tests.WarningsAsync(Target("protected-1"), TestContext.Current.CancellationToken);

        await tests.WarningsAsync(Target("protected-2"), TestContext.Current.CancellationToken);

        Assert.Equal(2, _stores.Tests);
    }

    [Fact]
    public async Task An_admins_test_always_asks_the_server_and_preflights_take_its_answer()
    {
        var tests = new ConnectionTests(_stores, _clock);
        var target = Target("protected-1");
        await tests.WarningsAsync(target, TestContext.Current.CancellationToken);

        var result = await tests.TestAsync(target, TestContext.Current.CancellationToken);
        await tests.WarningsAsync(target, TestContext.Current.CancellationToken);

        Assert.True(result.Succeeded, result.Summary);
        Assert.Equal(2, _stores.Tests);
    }

    [Fact]
    public async Task A_failed_test_is_not_kept()
    {
        var tests = new ConnectionTests(_stores, _clock);
        var target = Target("protected-1");
        _stores.Password = "wrong";
        Assert.False((await tests.TestAsync(target, TestContext.Current.CancellationToken)).Succeeded);
        _stores.Password = _server.MasterPassword;

        await tests.WarningsAsync(target, TestContext.Current.CancellationToken);
        await tests.WarningsAsync(target, TestContext.Current.CancellationToken);

        Assert.Equal(2, _stores.Tests);
    }

    /// <summary>The post office as the directory holds it; its protected password only tells one set of settings from another here.</summary>
    private PostOffice Target(string protectedPassword) =>
        PostOffice.Imap("ProbePO", "probe.test", _server.Host, _server.ImapPort, ImapSecurity.None, _server.MasterUser, protectedPassword, skipCertificateValidation: false);

    public async ValueTask DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The real IMAP connector of the test server, counting the connection tests that reach it.</summary>
    private sealed class CountingStores(DovecotServer server) : IMailStoreFactory
    {
        private int _tests;

        public int Tests => Volatile.Read(ref _tests);

        public string Password { get; set; } = server.MasterPassword;

        public IMailStore For(PostOffice postOffice) => new Counting(
            new ImapMailStore(new ImapConnectionSettings(server.Host, server.ImapPort, Connectors.Imap.ImapSecurity.None, server.MasterUser, Password), NullLogger.Instance),
            this);

        private sealed class Counting(IMailStore inner, CountingStores owner) : IMailStore
        {
            public Task<ConnectionTestResult> TestConnectionAsync(CancellationToken cancellationToken)
            {
                Interlocked.Increment(ref owner._tests);
                return inner.TestConnectionAsync(cancellationToken);
            }

            public Task<IMailboxSession> OpenMailboxAsync(string mailboxId, CancellationToken cancellationToken) => inner.OpenMailboxAsync(mailboxId, cancellationToken);

            public Task<IRuleStore?> OpenRulesAsync(string mailboxId, CancellationToken cancellationToken) => inner.OpenRulesAsync(mailboxId, cancellationToken);
        }
    }
}
