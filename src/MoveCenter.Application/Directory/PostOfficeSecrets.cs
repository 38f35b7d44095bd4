using Microsoft.AspNetCore.DataProtection;

namespace MoveCenter.Application.Directory;

/// <summary>
/// Encrypts post office admin passwords at rest with the application's data protection keys (kept in the database,
/// so every node can read what another node stored). The clear text exists only in memory, only while connecting.
/// </summary>
public sealed class PostOfficeSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MoveCenter.PostOffice.AdminPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => _protector.Unprotect(protectedPassword);
}
