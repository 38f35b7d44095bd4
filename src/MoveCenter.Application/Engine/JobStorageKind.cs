namespace MoveCenter.Application.Engine;

/// <summary>
/// Whether queued jobs live in the server database, shared by every node and surviving a restart (SQL Server,
/// PostgreSQL), or die with the process (in-memory, the embedded default).
/// </summary>
public enum JobStorageKind
{
    InMemory,
    SqlServer,
    PostgreSql,
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
