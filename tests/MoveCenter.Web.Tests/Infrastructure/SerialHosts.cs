namespace MoveCenter.Web.Tests.Infrastructure;

/// <summary>
/// Whole hosts that run on their own, after the parallel tests: a Kestrel host, its engine and a Chromium with
/// three contexts next to the other hosts overload a 2-core runner, and then other hosts' moves were seen to stay Queued.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class SerialHosts
{
    public const string Name = "Serial hosts";
}
