using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Connectors.Tests;

/// <summary>Two Dovecots shared by a test class: a source-side and a target-side post office. Each test uses its own users.</summary>
public sealed class DovecotPairFixture : IAsyncLifetime
{
    private DovecotServer? _a;
    private DovecotServer? _b;

    public DovecotServer A => _a ?? throw new InvalidOperationException("not started");

    public DovecotServer B => _b ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _a = await DovecotServer.StartAsync("a");
        _b = await DovecotServer.StartAsync("b");
    }

    public async ValueTask DisposeAsync()
    {
        if (_a is not null) await _a.DisposeAsync();
        if (_b is not null) await _b.DisposeAsync();
    }
}
