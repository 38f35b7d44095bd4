using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Support;

/// <summary>Two Dovecots shared by a test class, one per post office. Each test uses users of its own.</summary>
public sealed class DovecotPair : IAsyncLifetime
{
    private static int _users;
    private DovecotServer? _source;
    private DovecotServer? _target;

    public DovecotServer Source => _source ?? throw new InvalidOperationException("not started");

    public DovecotServer Target => _target ?? throw new InvalidOperationException("not started");

    /// <summary>A user name no other test of the run uses, added to the given servers.</summary>
    public static async Task<string> NewUserAsync(string prefix, params ITestImapServer[] servers)
    {
        var user = $"{prefix}{Interlocked.Increment(ref _users)}";
        foreach (var server in servers) await server.AddUserAsync(user, "user-secret");
        return user;
    }

    public async ValueTask InitializeAsync()
    {
        _source = await DovecotServer.StartAsync("src");
        _target = await DovecotServer.StartAsync("dst");
    }

    public async ValueTask DisposeAsync()
    {
        if (_source is not null) await _source.DisposeAsync();
        if (_target is not null) await _target.DisposeAsync();
    }
}
