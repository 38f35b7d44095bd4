using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors.Demo;
using MoveCenter.Connectors.Imap;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Application.Tests.Support.ImapMoves;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// The node's connection pool across the phases of a real move: each connection through the proxies in front of the
/// Dovecots is one login. The pool's clock stands still, so no idle connection expires between two phases however
/// slowly the machine runs them.
/// </summary>
public sealed class ConnectionReuseTests(DovecotPair dovecot) : IClassFixture<DovecotPair>, IDisposable
{
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task The_phases_of_a_small_move_reuse_the_logins_of_the_phases_before()
    {
        var user = await DovecotPair.NewUserAsync("reuse", dovecot.Source, dovecot.Target);
        await FillAsync(dovecot.Source, user, new DemoMailboxSpec(5, 20) { IncludeLargeAttachments = false });
        await using var source = LoopbackProxy.Start(dovecot.Source.Host, dovecot.Source.ImapPort);
        await using var target = LoopbackProxy.Start(dovecot.Target.Host, dovecot.Target.ImapPort);
        await using var host = await StartHostAsync(_data, demo: false, services =>
            services.AddSingleton(_ => new ImapConnectionPool(new FakeTimeProvider(), NullLogger<ImapConnectionPool>.Instance)));
        await AddImapPostOfficeAsync(host, "SourceIMAP", dovecot.Source, port: source.Port);
        await AddImapPostOfficeAsync(host, "TargetIMAP", dovecot.Target, port: target.Port);
        await AddUserAsync(host, user, "SourceIMAP");

        var details = await host.WaitUntilSettledAsync(await host.QueueAsync(user, "TargetIMAP"));

        host.AssertStatus(details, MoveStatus.Completed);
        // One login to the user's mailbox on each side for all six phases (each logged in itself before: 6 and 5); the
        // target's other connection is preflight's connection test with its probe, as the admin, which is never pooled.
        Assert.Equal((1, 2), (source.Connections.Count, target.Connections.Count));
    }

    public void Dispose() => _data.Dispose();
}
