using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>Settings of the move engine (configuration section <c>MoveCenter:Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "MoveCenter:Engine";

    /// <summary>This node's name in leases; unique per node of a deployment.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>Items transferred per block, as the GroupWise item request asks for 300 at a time.</summary>
    public int BlockSize { get; set; } = 300;

    /// <summary>Connections a move opens to each post office; the item request sends a block over each at once.</summary>
    public int ConnectionsPerMove { get; set; } = 4;

    /// <summary>How long a worker's claim on a move lasts without renewal; after it, another worker may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the supervisor looks for due, deferred and abandoned moves.</summary>
    public TimeSpan SupervisorInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A move handed to the job engine that has not started within this time is handed over again.</summary>
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each node reads the change feed to push status to its browsers.</summary>
    public TimeSpan ChangeFeedInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    public RetryPolicy Retry { get; set; } = new();
}
