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

/// <summary>How this host's job engine keeps its jobs.</summary>
public sealed record JobEngineSettings(JobStorageKind Storage);
