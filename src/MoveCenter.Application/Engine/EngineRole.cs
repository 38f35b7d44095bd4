namespace MoveCenter.Application.Engine;

/// <summary>What a node does (<c>MoveCenter:Engine:Role</c>): serve people and scripts, work on moves, or both.</summary>
public enum EngineRole
{
    /// <summary>Pages, API and the move engine: the embedded default and a single-node install.</summary>
    All,

    /// <summary>Pages and API; no job server, supervisor or scheduled job, so no move is worked on here.</summary>
    Web,

    /// <summary>The move engine; of HTTP only <c>/health</c>.</summary>
    Worker,
}

public static class EngineRoles
{
    public static bool RunsJobs(this EngineRole role) => role is EngineRole.All or EngineRole.Worker;

    public static bool ServesWeb(this EngineRole role) => role is EngineRole.All or EngineRole.Web;
}
