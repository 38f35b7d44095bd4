using MailKit.Net.Imap;

namespace MoveCenter.Testing;

/// <summary>A real IMAP server a test runs on loopback, with an admin that may log in as any of its users.</summary>
public interface ITestImapServer
{
    string Host { get; }

    int ImapPort { get; }

    string MasterUser { get; }

    string MasterPassword { get; }

    /// <summary>Adds a user with a password and an empty mailbox; it can log in as soon as this returns.</summary>
    Task AddUserAsync(string user, string password);

    /// <summary>Logs a connected client in as the user with the admin's password, the way this server lets an admin do it.</summary>
    Task LogInAsUserAsync(ImapClient client, string user, CancellationToken cancellationToken);
}
