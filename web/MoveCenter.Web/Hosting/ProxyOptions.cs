using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using IPNetwork = System.Net.IPNetwork;

namespace MoveCenter.Web.Hosting;

/// <summary>The reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (section <c>MoveCenter:Proxy</c>).</summary>
public sealed class ProxyOptions
{
    public const string Section = "MoveCenter:Proxy";

    public string[] KnownProxies { get; set; } = [];

    /// <summary>Networks in CIDR notation, e.g. <c>10.0.0.0/8</c>.</summary>
    public string[] KnownNetworks { get; set; } = [];

    public bool IsConfigured => KnownProxies.Length > 0 || KnownNetworks.Length > 0;

    public ForwardedHeadersOptions ToForwardedHeadersOptions()
    {
        var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto };
        // The defaults trust loopback; only the proxies named here are trusted.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        for (var i = 0; i < KnownProxies.Length; i++)
            forwarded.KnownProxies.Add(IPAddress.TryParse(KnownProxies[i], out var proxy) ? proxy : throw Invalid(nameof(KnownProxies), i, KnownProxies[i], "an IP address"));
        for (var i = 0; i < KnownNetworks.Length; i++)
            forwarded.KnownIPNetworks.Add(IPNetwork.TryParse(KnownNetworks[i], out var network) ? network : throw Invalid(nameof(KnownNetworks), i, KnownNetworks[i], "a network like 10.0.0.0/8"));
        return forwarded;
    }

    private static InvalidOperationException Invalid(string setting, int index, string value, string expected) =>
        new($"{Section}:{setting}:{index} is '{value}', which is not {expected}.");
}
