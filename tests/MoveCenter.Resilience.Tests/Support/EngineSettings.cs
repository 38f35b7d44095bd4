namespace MoveCenter.Resilience.Tests.Support;

/// <summary>Engine settings for nodes under test: seconds where production waits minutes, small blocks so progress shows often.</summary>
public static class EngineSettings
{
    public static Dictionary<string, string> Fast(TimeSpan? leaseDuration = null) => new()
    {
        ["MoveCenter:Engine:BlockSize"] = "20",
        ["MoveCenter:Engine:WorkerCount"] = "4",
        ["MoveCenter:Engine:LeaseDuration"] = (leaseDuration ?? TimeSpan.FromSeconds(10)).ToString("c"),
        ["MoveCenter:Engine:SupervisorInterval"] = "00:00:00.200",
        ["MoveCenter:Engine:DispatchTimeout"] = "00:00:10",
        ["MoveCenter:Engine:Retry:NoServerInterval"] = "00:00:01",
        // Enough tries that a post office that comes back is found in time, never the deferred cycle of 12 hours.
        ["MoveCenter:Engine:Retry:NoServerTries"] = "1000",
        ["MoveCenter:Engine:Retry:TryLaterInterval"] = "00:00:01",
        // Every kill of a working node is an automatic restart; the tests kill more often than the default limit of 10.
        ["MoveCenter:Engine:Retry:MaxAutomaticRestarts"] = "100",
    };
}
