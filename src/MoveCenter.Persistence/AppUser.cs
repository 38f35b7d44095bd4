using Microsoft.AspNetCore.Identity;

namespace MoveCenter.Persistence;

/// <summary>A person who signs in to MoveCenter (an admin or a helpdesk member), not a mailbox owner.</summary>
public sealed class AppUser : IdentityUser
{
    public string? DisplayName { get; set; }
}
