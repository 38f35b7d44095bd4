using System.Text;
using System.Text.RegularExpressions;
using MailKit;
using MailKit.Net.Imap;

namespace MoveCenter.Connectors.Imap;

/// <summary>
/// Keeps the last bytes the server sent, so that a refused command can be reported with its response code
/// ([UNAVAILABLE], [INUSE], [OVERQUOTA], …): MailKit reads the code but does not pass it on, and an admin (or the list of
/// errors that restart a move) needs it. Nothing the client sends is kept, so no credential ever passes through here.
/// </summary>
internal sealed partial class ImapResponseTail : IProtocolLogger
{
    private const int Capacity = 1024;
    private readonly byte[] _tail = new byte[Capacity];
    private int _length;

    public IAuthenticationSecretDetector? AuthenticationSecretDetector { get; set; }

    /// <summary>The server's words for a refused command, with its response code in front when it sent one.</summary>
    public static string Words(ImapClient client, ImapCommandException refusal) => Words(client, refusal.ResponseText);

    /// <summary>The given words (a refused login, say) with the response code of the refusal in front, when the server sent one.</summary>
    public static string Words(ImapClient client, string words) =>
        (client.ProtocolLogger as ImapResponseTail)?.LastRefusalCode() is { } code ? $"[{code}] {words}" : words;

    /// <summary>The code of the last tagged NO or BAD, when the last tagged response the server sent was one and had a code.</summary>
    public string? LastRefusalCode()
    {
        var lines = Encoding.Latin1.GetString(_tail, 0, _length).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        for (var i = lines.Length - 1; i >= 0; i--)
        {
            var status = TaggedStatus().Match(lines[i]);
            if (!status.Success) continue;
            return status.Groups["status"].Value != "OK" && status.Groups["code"].Success ? status.Groups["code"].Value : null;
        }
        return null;
    }

    public void LogServer(byte[] buffer, int offset, int count)
    {
        if (count >= Capacity)
        {
            Array.Copy(buffer, offset + count - Capacity, _tail, 0, Capacity);
            _length = Capacity;
            return;
        }
        var keep = Math.Min(_length, Capacity - count);
        Array.Copy(_tail, _length - keep, _tail, 0, keep);
        Array.Copy(buffer, offset, _tail, keep, count);
        _length = keep + count;
    }

    public void LogClient(byte[] buffer, int offset, int count)
    {
    }

    public void LogConnect(Uri uri)
    {
    }

    public void Dispose()
    {
    }

    [GeneratedRegex(@"^[A-Za-z0-9]+ (?<status>OK|NO|BAD)(?: \[(?<code>[A-Za-z0-9.-]+)[\] ])?", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex TaggedStatus();
}
