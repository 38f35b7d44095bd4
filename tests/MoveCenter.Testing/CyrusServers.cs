using Xunit;

namespace MoveCenter.Testing;

/// <summary>
/// A Dovecot and Cyrus servers shared by a test class: Debian's namespace ("INBOX." with '.') and the alternative one
/// ('/', no prefix) with munge8bit off as the product asks, and one left at Cyrus's default munge8bit on.
/// </summary>
public sealed class CyrusServers : IAsyncLifetime
{
    private DovecotServer? _dovecot;
    private CyrusServer? _debian;
    private CyrusServer? _alternative;
    private CyrusServer? _munging;

    public DovecotServer Dovecot => _dovecot ?? throw new InvalidOperationException("not started");

    public CyrusServer Munging => _munging ?? throw new InvalidOperationException("not started");

    public CyrusServer Cyrus(bool alternativeNamespace) =>
        (alternativeNamespace ? _alternative : _debian) ?? throw new InvalidOperationException("not started");

    public async ValueTask InitializeAsync()
    {
        _dovecot = await DovecotServer.StartAsync("cyrus-peer");
        _debian = await CyrusServer.StartAsync("inbox", new CyrusServerOptions { Munge8Bit = false });
        _alternative = await CyrusServer.StartAsync("alt", new CyrusServerOptions { AlternativeNamespace = true, Munge8Bit = false });
        _munging = await CyrusServer.StartAsync("munge");
    }

    public async ValueTask DisposeAsync()
    {
        if (_dovecot is not null) await _dovecot.DisposeAsync();
        if (_debian is not null) await _debian.DisposeAsync();
        if (_alternative is not null) await _alternative.DisposeAsync();
        if (_munging is not null) await _munging.DisposeAsync();
    }
}
