namespace MoveCenter.Application.Engine;

/// <summary>Whether queued jobs survive a restart (SQL Server) or die with the process (in-memory, the embedded default).</summary>
public enum JobStorageKind
{
    InMemory,
    SqlServer,
}

/// <summary>How this host's job engine keeps its jobs.</summary>
public sealed record JobEngineSettings(JobStorageKind Storage);
