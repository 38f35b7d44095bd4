namespace MoveCenter.Persistence;

/// <summary>A log line written while working on a move, kept in the database so every node's lines can be read from any node.</summary>
public sealed class MoveLogEntry
{
    public long Id { get; set; }
    public Guid MoveId { get; set; }
    public DateTime At { get; set; }
    public string Level { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Exception { get; set; }
    public string? Source { get; set; }
}
