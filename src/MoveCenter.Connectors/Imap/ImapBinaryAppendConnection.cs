using System.Globalization;
using System.Text.RegularExpressions;
using MimeKit;
using MimeKit.IO;

namespace MoveCenter.Connectors.Imap;

/// <summary>The server's tagged answer to an APPEND: OK with the UID it gave (when it names one), or NO/BAD with its words.</summary>
internal sealed record BinaryAppendResult(bool Stored, string? UidKey, string Response);

/// <summary>
/// A second connection of a session, used only to APPEND with a literal8 (RFC 3516 BINARY), which MailKit does not
/// write (it sends every message as a plain literal, which may not hold a NUL). One APPEND at a time.
/// </summary>
internal sealed partial class ImapBinaryAppendConnection(ImapSideConnection connection) : IAsyncDisposable
{
    public static async Task<ImapBinaryAppendConnection> OpenAsync(
        ImapConnectionSettings settings, string mailboxId, CancellationToken cancellationToken) =>
        new(await ImapSideConnection.OpenAsync(settings, mailboxId, cancellationToken));

    /// <summary>APPENDs the message as <see cref="RawMimeMessage.Format"/> writes it, in a literal8.</summary>
    public async Task<BinaryAppendResult> AppendAsync(string mailboxName, string flags, DateTimeOffset internalDate, MimeMessage message,
        CancellationToken cancellationToken)
    {
        using var measure = new MeasuringStream();
        await message.WriteToAsync(RawMimeMessage.Format, measure, cancellationToken);
        var tag = connection.NextTag();
        var date = internalDate.ToString("dd-MMM-yyyy HH:mm:ss ", CultureInfo.InvariantCulture) +
                   internalDate.ToString("zzz", CultureInfo.InvariantCulture).Replace(":", "", StringComparison.Ordinal);
        await connection.WriteAsync(
            $"{tag} APPEND {ImapSideConnection.Quote(ModifiedUtf7.Encode(mailboxName))} ({flags}) \"{date}\" ~{{{measure.Length}}}\r\n", cancellationToken);
        var line = await connection.Reader.ReadLineAsync(cancellationToken);
        // The server may refuse the literal before it is sent (too big, over quota): then its answer is the tagged one.
        while (line.StartsWith('*')) line = await connection.Reader.ReadLineAsync(cancellationToken);
        if (!line.StartsWith('+')) return Result(line);
        await message.WriteToAsync(RawMimeMessage.Format, connection.Stream, cancellationToken);
        await connection.WriteAsync("\r\n", cancellationToken);
        return Result(await connection.TaggedAsync(tag, cancellationToken));

        static BinaryAppendResult Result(string answer)
        {
            var words = answer[(answer.IndexOf(' ') + 1)..];
            var uid = AppendUid().Match(answer);
            return new BinaryAppendResult(ImapSideConnection.IsOk(answer), uid.Success ? $"{uid.Groups[1].Value}:{uid.Groups[2].Value}" : null, words);
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();

    [GeneratedRegex(@"\[APPENDUID (\d+) (\d+)\]", RegexOptions.IgnoreCase)]
    private static partial Regex AppendUid();
}
