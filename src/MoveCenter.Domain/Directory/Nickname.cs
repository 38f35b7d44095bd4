namespace MoveCenter.Domain.Directory;

/// <summary>The forward left at the old post office by admin rename, so mail addressed there still reaches the user.</summary>
public sealed class Nickname
{
    private Nickname() { }

    public Nickname(string userId, int postOfficeId, DateTime createdAt, Guid moveId)
    {
        UserId = userId;
        PostOfficeId = postOfficeId;
        CreatedAt = createdAt;
        MoveId = moveId;
    }

    public int Id { get; private set; }
    public string UserId { get; private set; } = "";
    public int PostOfficeId { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public Guid MoveId { get; private set; }
}
