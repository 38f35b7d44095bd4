using MoveCenter.Web.Tests.Infrastructure;

namespace MoveCenter.Web.Tests.Browser;

/// <summary>MoveCenter on real Kestrel at a free port, so a browser can reach it.</summary>
public sealed class BrowserHostFactory : MoveCenterWebFactory
{
    public BrowserHostFactory()
    {
        UseKestrel(0);
        StartServer();
    }
}
