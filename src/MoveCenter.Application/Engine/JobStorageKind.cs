namespace MoveCenter.Application.Engine;

/// <summary>Whether queued jobs survive a restart (SQL Server) or die with the process (in-memory, the embedded default).</summary>
public enum JobStorageKind
{
    InMemory,
    SqlServer,
}

/// <summary>How this host's job engine keeps its jobs, and whether this node runs them.</summary>
public sealed record JobEngineSettings(JobStorageKind Storage, bool RunsJobs = true)
{
    /// <summary>
    /// A job enqueued here reaches a worker: this node runs jobs, or its storage is shared with the nodes that do. A
    /// web node with in-memory storage leaves dispatching to the workers' supervisors, which find the move due.
    /// </summary>
    public bool CanEnqueue => RunsJobs || Storage != JobStorageKind.InMemory;
}
