namespace MoveCenter.Web.Tests.Browser;

/// <summary>
/// Long browser scenarios run on their own, after the parallel tests: a Kestrel host, its engine and a Chromium with
/// three contexts next to the other hosts overload a 2-core runner, and then other hosts' moves were seen to stay Queued.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public static class SerialBrowserCollection
{
    public const string Name = "Serial browser scenarios";
}
