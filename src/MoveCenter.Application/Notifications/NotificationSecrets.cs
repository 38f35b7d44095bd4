using Microsoft.AspNetCore.DataProtection;

namespace MoveCenter.Application.Notifications;

/// <summary>Encrypts the SMTP password at rest, as post office passwords are, with the keys every node shares.</summary>
public sealed class NotificationSecrets(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("MoveCenter.Notifications.SmtpPassword.v1");

    public string Protect(string password) => _protector.Protect(password);

    public string Unprotect(string protectedPassword) => _protector.Unprotect(protectedPassword);
}
