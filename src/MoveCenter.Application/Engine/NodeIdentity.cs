using Microsoft.Extensions.Options;

namespace MoveCenter.Application.Engine;

/// <summary>Who this process is in leases: the configured node name plus an id that is new at every start.</summary>
public sealed class NodeIdentity(IOptions<EngineOptions> options)
{
    private readonly string _instance = Guid.NewGuid().ToString("N")[..12];

    public string NodeId => options.Value.NodeId;

    public string NodePrefix => $"{NodeId}/";

    public string WorkerName => $"{NodePrefix}{_instance}";
}
