using Microsoft.Extensions.Options;
using MoveCenter.Domain.Moves;

namespace MoveCenter.Application.Engine;

/// <summary>Settings of the move engine (configuration section <c>MoveCenter:Engine</c>).</summary>
public sealed class EngineOptions
{
    public const string Section = "MoveCenter:Engine";

    /// <summary>This node's name in leases; unique per node of a deployment.</summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>Whether this node serves pages and API, works on moves, or both.</summary>
    public EngineRole Role { get; set; } = EngineRole.All;

    /// <summary>
    /// The site this node stands in (DESIGN §12): it works on moves whose post offices are pinned to this site or to
    /// none. A node without a site works only on moves of unpinned post offices.
    /// </summary>
    public string? Site { get; set; }

    /// <summary>Items transferred per block, as the GroupWise item request asks for 300 at a time.</summary>
    public int BlockSize { get; set; } = 300;

    /// <summary>Connections a move opens to each post office; the item request sends a block over each at once.</summary>
    public int ConnectionsPerMove { get; set; } = 4;

    /// <summary>How long a worker's claim on a move lasts without renewal; after it, another worker may take over.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A running phase that records no activity (no item moved, no inventory batch stored) for this long is taken to hang
    /// although its lease is renewed: it is stopped and the move restarts automatically. Longer than the slowest block.
    /// </summary>
    public TimeSpan ProgressTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often the supervisor looks for due, deferred and abandoned moves.</summary>
    public TimeSpan SupervisorInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A move handed to the job engine that has not started within this time is handed over again.</summary>
    public TimeSpan DispatchTimeout { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often each node reads the change feed to push status to its browsers.</summary>
    public TimeSpan ChangeFeedInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// A move goes from one phase to the next in the job it runs in, under the lease it holds, unless other jobs wait
    /// for a worker: between its phases only the phase's end and the next one's start are written. False hands every
    /// phase to the job engine as a job of its own, so that the phases of one move may run on different nodes; the
    /// engine's tests that run phases one at a time use that.
    /// </summary>
    public bool PhasesInOneJob { get; set; } = true;

    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 5, 20);

    /// <summary>
    /// Messages larger than this many bytes are not attempted: the inventory records them as skipped, too large, and
    /// the move goes on without them (the target would refuse them, or a retry would send them for ever). 0 means no limit.
    /// </summary>
    public long LargeItemLimit { get; set; } = 150L * 1024 * 1024;

    /// <summary>
    /// The share of a mailbox's items, and of its bytes, that a move may leave behind (other than items an admin chose to
    /// skip) and still be graded Good, not Investigate: 0.001 is one in a thousand. An Investigate move waits for an
    /// admin's approval before its purge.
    /// </summary>
    public double GoodSkipShare { get; set; } = 0.001;

    public RetryPolicy Retry { get; set; } = new();
}

/// <summary>Refuses to start with settings the engine cannot work with, saying which key to correct.</summary>
public sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var problems = options.Retry.EffectiveRestartOnErrors
            .Select(entry => RestartTriggers.Problem(entry) is { } problem ? $"{EngineOptions.Section}:Retry:RestartOnErrors: {problem}" : null)
            .OfType<string>()
            .ToList();
        if (options.LargeItemLimit < 0)
            problems.Add($"{EngineOptions.Section}:LargeItemLimit must be a number of bytes, or 0 for no limit (it is {options.LargeItemLimit}).");
        if (options.GoodSkipShare is < 0 or >= 1 || double.IsNaN(options.GoodSkipShare))
            problems.Add($"{EngineOptions.Section}:GoodSkipShare must be a share from 0 up to, not including, 1 (0.001 is one in a thousand; it is {options.GoodSkipShare}).");
        if (options.ProgressTimeout <= TimeSpan.Zero)
            problems.Add($"{EngineOptions.Section}:ProgressTimeout must be longer than zero (it is {options.ProgressTimeout}).");
        if (options.Retry.CleanupInterval <= TimeSpan.Zero)
            problems.Add($"{EngineOptions.Section}:Retry:CleanupInterval must be longer than zero (it is {options.Retry.CleanupInterval}).");
        return problems.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(problems);
    }
}
