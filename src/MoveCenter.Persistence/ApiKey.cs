namespace MoveCenter.Persistence;

/// <summary>An API key. Only its SHA-256 hash is stored; the key itself is shown once when it is made.</summary>
public sealed class ApiKey
{
    public const int NameMaxLength = 128;
    public const int CreatedByMaxLength = 256;

    public int Id { get; set; }
    public string Name { get; set; } = "";
    public string KeyHash { get; set; } = "";
    public string Role { get; set; } = "";
    public DateTime CreatedAt { get; set; }

    /// <summary>Who made the key; null for keys made before this was recorded.</summary>
    public string? CreatedBy { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public bool Revoked { get; set; }
}
