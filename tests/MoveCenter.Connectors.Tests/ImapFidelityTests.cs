using System.Security.Cryptography;
using System.Text;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

public sealed class ImapFidelityTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private static readonly DateTimeOffset Date = new(2021, 11, 12, 13, 14, 15, TimeSpan.FromHours(1));

    public static TheoryData<string> MalformedNames => new(Malformed.Keys);

    private static readonly Dictionary<string, byte[]> Malformed = new()
    {
        ["8-bit headers"] = Bytes("Message-ID: <8bit@example.org>\r\nSubject: Grüße aus 日本 \u00e9\r\nFrom: Jürgen <j@example.de>\r\n\r\nKörper\r\n")
            .Concat(new byte[] { 0xE9, 0xFF, 0x0D, 0x0A }).ToArray(),
        ["bare LF and bare CR"] = Bytes("Message-ID: <lf@example.org>\nSubject: lf\n\nline one\nline two\rstill two\r\nthree\n"),
        ["no Message-ID"] = Bytes("Subject: anonymous\r\nFrom: x@example.org\r\n\r\nbody\r\n"),
        ["duplicate Message-ID one"] = Bytes("Message-ID: <dup@example.org>\r\nSubject: first\r\n\r\none\r\n"),
        ["duplicate Message-ID two"] = Bytes("Message-ID: <dup@example.org>\r\nSubject: second\r\n\r\ntwo\r\n"),
        ["2000-character line"] = Bytes($"Message-ID: <long@example.org>\r\nX-Long: {new string('h', 2000)}\r\n\r\n{new string('b', 2000)}\r\n"),
        ["broken MIME boundary"] = Bytes("Message-ID: <mime@example.org>\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"abc\"\r\n\r\n" +
                                         "preamble\r\n--abd\r\nContent-Type: text/plain\r\n\r\npart\r\n--abc\r\nContent-Type: text/html\r\n\r\n<p>never closed\r\n"),
        ["no final line break"] = Bytes("Message-ID: <nolf@example.org>\r\nSubject: end\r\n\r\nno line break at the end"),
        ["empty body"] = Bytes("Message-ID: <empty@example.org>\r\nSubject: nothing else\r\n\r\n"),
    };

    [Theory]
    [MemberData(nameof(MalformedNames))]
    public async Task A_malformed_message_arrives_byte_for_byte(string name)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        var content = Malformed[name];
        await using (var a = await OpenAsync(dovecot.A, user))
        {
            var outcome = Assert.Single(await a.AppendAsync(FolderPath.Inbox, [Outgoing("m", content, Date)], ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }
        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        await using var check = await OpenAsync(dovecot.B, user);
        var message = Assert.Single(await ListAsync(check, FolderPath.Inbox));
        await using var stored = await check.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, ct);
        // IMAP carries lines as CRLF, so a bare LF comes back as CRLF from any server; nothing else may change.
        Assert.Equal(Latin1(Crlf(content)), Latin1(await ReadAllAsync(stored)));
        Assert.Equal(Crlf(content).Length, message.Size);
    }

    [Fact]
    public async Task A_batch_with_malformed_messages_delivers_all_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var batch = Malformed.Select((m, i) => Outgoing($"k{i}", m.Value, Date.AddMinutes(i))).ToList();

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox, batch, ct);

        Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
        Assert.Equal(batch.Select(b => b.DeliveryKey), outcomes.Select(o => o.DeliveryKey));
        var listed = await ListAsync(mailbox, FolderPath.Inbox);
        Assert.Equal(outcomes.Select(o => o.TargetKey), listed.Select(m => m.SourceKey));
        Assert.Equal(2, listed.Count(m => m.MessageId == "dup@example.org"));
        Assert.Single(listed, m => m.MessageId is null);
    }

    [Theory]
    [InlineData(10, 3_000)]
    [InlineData(2_000, 1_500_000)]
    [InlineData(900_000, 1_400_000)]
    public async Task A_message_larger_than_its_announced_size_arrives_whole(long announced, int actual)
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var content = Bytes($"Message-ID: <grown-{actual}@example.org>\r\nSubject: grew after the inventory\r\n\r\n" + new string('x', actual) + "\r\n");
        var outgoing = new OutgoingMessage("grown", announced, MessageFlags.None, [], Date, null,
            _ => Task.FromResult<Stream>(new MemoryStream(content, writable: false)));

        Assert.True(Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox, [outgoing], ct)).Delivered);

        var message = Assert.Single(await ListAsync(mailbox, FolderPath.Inbox));
        await using var stored = await mailbox.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, ct);
        Assert.Equal(SHA256.HashData(content), SHA256.HashData(await ReadAllAsync(stored)));
    }

    [Fact]
    public async Task A_25_MB_message_round_trips_unchanged()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A, dovecot.B);
        using var temp = new TempDirectory();
        var file = temp.Combine("big.eml");
        var expectedHash = WriteBigMessage(file, 25 * 1024 * 1024);
        var outgoing = new OutgoingMessage("big", new FileInfo(file).Length, MessageFlags.Seen, [], Date, "big@example.org",
            _ => Task.FromResult<Stream>(File.OpenRead(file)));

        await using (var a = await OpenAsync(dovecot.A, user))
        {
            var outcome = Assert.Single(await a.AppendAsync(FolderPath.Inbox, [outgoing], ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }
        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        await using var check = await OpenAsync(dovecot.B, user);
        var message = Assert.Single(await ListAsync(check, FolderPath.Inbox));
        await using var stored = await check.OpenMessageAsync(FolderPath.Inbox, message.SourceKey, ct);
        Assert.Equal(expectedHash, Convert.ToHexString(await SHA256.HashDataAsync(stored, ct)));
        Assert.Equal(new FileInfo(file).Length, message.Size);
    }

    /// <summary>A CRLF message of exactly <paramref name="size"/> bytes (a multiple of the fetch chunk, the edge case); returns its SHA-256.</summary>
    private static string WriteBigMessage(string path, int size)
    {
        var header = Bytes("Message-ID: <big@example.org>\r\nSubject: big\r\nContent-Type: application/octet-stream\r\n" +
                           "Content-Transfer-Encoding: base64\r\n\r\n");
        var random = new Random(25);
        using (var output = File.Create(path))
        {
            output.Write(header);
            var line = new byte[78];
            for (var left = size - header.Length; left > 0; left -= line.Length)
            {
                for (var i = 0; i < 76; i++) line[i] = (byte)"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"[random.Next(64)];
                line[76] = (byte)'\r';
                line[77] = (byte)'\n';
                var take = Math.Min(left, line.Length);
                if (take < line.Length) { line.AsSpan(0, take).Fill((byte)'A'); line[take - 1] = (byte)'\n'; if (take > 1) line[take - 2] = (byte)'\r'; }
                output.Write(line, 0, take);
            }
        }
        using var input = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(input));
    }

    private static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>Compared as Latin-1 text so that a failure shows where the bytes differ.</summary>
    private static string Latin1(byte[] bytes) => Encoding.Latin1.GetString(bytes).Replace("\r", "\\r").Replace("\n", "\\n\n");
}
