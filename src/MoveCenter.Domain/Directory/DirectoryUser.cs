namespace MoveCenter.Domain.Directory;

/// <summary>A person in the mail directory. <see cref="UserId"/> is also the mailbox login at the home post office.</summary>
public sealed class DirectoryUser
{
    // Column sizes: the database configuration and the request validators both take them from here.
    public const int UserIdMaxLength = 256;
    public const int DisplayNameMaxLength = 256;

    /// <summary>The longest address RFC 5321 allows: 64 characters of local part, '@', 255 of domain.</summary>
    public const int EmailMaxLength = 320;

    private DirectoryUser() { }

    public DirectoryUser(string userId, int postOfficeId, string? displayName, string? email)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        UserId = userId;
        PostOfficeId = postOfficeId;
        DisplayName = string.IsNullOrWhiteSpace(displayName) ? userId : displayName;
        Email = email;
    }

    public int Id { get; private set; }
    public string UserId { get; private set; } = "";
    public string DisplayName { get; private set; } = "";
    public string? Email { get; private set; }
    public int PostOfficeId { get; private set; }

    /// <summary>Set while a move is between admin rename and its end: delivery is held for the user (the in-transit flag).</summary>
    public bool InTransit { get; private set; }

    public void MarkInTransit() => InTransit = true;

    public void ClearInTransit() => InTransit = false;

    /// <summary>Admin rename: the user's home becomes the target post office.</summary>
    public void Rehome(int postOfficeId) => PostOfficeId = postOfficeId;
}
