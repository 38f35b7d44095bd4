using System.Text;
using MailKit;
using MailKit.Net.Imap;
using MimeKit;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Finds a target that alters mail as it stores it: a tiny message with 8-bit bytes in a header goes into a temporary
/// folder, is read back and compared, and the folder is deleted. Cyrus's default <c>munge8bit</c> turns each such byte
/// into 'X', which no listing or capability reveals.
/// </summary>
internal static class EightBitHeaderProbe
{
    private static readonly byte[] Subject = Encoding.UTF8.GetBytes("Grüße, 日本");

    private static readonly byte[] Probe =
    [
        .. "Message-ID: <8bit-probe@movecenter.invalid>\r\nSubject: "u8, .. Subject,
        .. "\r\nFrom: MoveCenter <probe@movecenter.invalid>\r\n\r\nA connection test wrote this and deletes it.\r\n"u8,
    ];

    /// <summary>A warning naming what the server does to such bytes, or null when it keeps them or has no place to try.</summary>
    public static async Task<string?> WarningAsync(ImapClient client, string admin, CancellationToken cancellationToken)
    {
        // An admin often has no mailbox of its own (Cyrus), but may create shared folders.
        var shared = client.PersonalNamespaces.Count == 0;
        var space = client.PersonalNamespaces.Concat(client.SharedNamespaces).FirstOrDefault();
        if (space is null || client.GetFolder(space) is not { } root) return null;
        IMailFolder? folder;
        try
        {
            folder = await root.CreateAsync($"movecenter-probe-{Guid.NewGuid():N}", isMessageFolder: true, cancellationToken);
        }
        catch (ImapCommandException)
        {
            return null;
        }
        if (folder is null) return null;
        try
        {
            // A new shared folder lets anyone read it; even an admin may write to it only once it grants itself the right.
            if (shared && client.Capabilities.HasFlag(ImapCapabilities.Acl))
                await folder.SetAccessRightsAsync(admin, new AccessRights("lrswipkxtecda"), cancellationToken);
            return await AppendAndCompareAsync(client, folder, cancellationToken);
        }
        finally
        {
            if (folder.IsOpen) await folder.CloseAsync(expunge: false, cancellationToken);
            await folder.DeleteAsync(cancellationToken);
        }
    }

    private static async Task<string?> AppendAndCompareAsync(ImapClient client, IMailFolder folder, CancellationToken cancellationToken)
    {
        using var message = MimeMessage.Load(new MemoryStream(Probe, writable: false), cancellationToken);
        try
        {
            await folder.AppendAsync(new AppendRequest(message, MailKit.MessageFlags.None), cancellationToken);
        }
        catch (ImapCommandException e)
        {
            return $"the target refuses messages with 8-bit bytes in a header ({ImapResponseTail.Words(client, e)}); such messages will be bad items";
        }
        await folder.OpenAsync(FolderAccess.ReadOnly, cancellationToken);
        if (folder.Count == 0) return null;
        using var stored = new MemoryStream();
        await using (var stream = await folder.GetStreamAsync(0, string.Empty, cancellationToken)) await stream.CopyToAsync(stored, cancellationToken);
        return stored.ToArray().AsSpan().IndexOf(Subject) >= 0
            ? null
            : "the target alters 8-bit bytes in message headers as it stores them (Cyrus IMAP's munge8bit, on by default, " +
              "turns each into 'X'): set \"munge8bit: no\" in imapd.conf before moving mail there";
    }
}
