using System.Globalization;
using System.Text;
using MoveCenter.Connectors;

namespace MoveCenter.Benchmark;

/// <summary>One generated message: where it goes, its metadata and its exact bytes.</summary>
internal sealed record BenchMessage(int Index, FolderPath Folder, MessageFlags Flags, IReadOnlyList<string> Keywords, DateTimeOffset InternalDate, byte[] Bytes);

/// <summary>
/// A realistic mailbox, deterministic by seed and index (each message has its own generator, so any message can be made
/// on its own): 16 folders (nested, non-ASCII, '&amp;'), 90 % text messages of 2–20 KB, 9 % with a 100–600 KB attachment,
/// 0.9 % with 1–3 MB and 0.1 % with 5–12 MB, and one of 25 MB; about 68 KB on average. Flags, keywords and dates from 2015 to 2025.
/// </summary>
internal static class BenchMailbox
{
    public static readonly IReadOnlyList<(FolderPath Path, int Weight)> Folders =
    [
        (FolderPath.Inbox, 35),
        (FolderPath.Of("Sent"), 12),
        (FolderPath.Of("Drafts"), 2),
        (FolderPath.Of("Trash"), 4),
        (FolderPath.Of("Junk"), 3),
        (FolderPath.Of("Archive"), 3),
        (FolderPath.Of("Archive", "2019"), 4),
        (FolderPath.Of("Archive", "2020"), 4),
        (FolderPath.Of("Archive", "2021"), 4),
        (FolderPath.Of("Archive", "2022"), 4),
        (FolderPath.Of("Projects"), 3),
        (FolderPath.Of("Projects", "Alpha"), 5),
        (FolderPath.Of("Projects", "Alpha", "Specs"), 4),
        (FolderPath.Of("Entwürfe & Notizen"), 3),
        (FolderPath.Of("Проекты"), 4),
        (FolderPath.Of("日本語"), 6),
    ];

    private static readonly string[] Words =
    [
        "the", "report", "meeting", "budget", "project", "schedule", "review", "please", "attached", "thanks", "regards",
        "Müller", "Übergabe", "Straße", "встреча", "понедельник", "会議", "議事録", "deadline", "invoice", "customer", "server",
        "migration", "mailbox", "weekend", "lunch", "draft", "version", "release", "notes", "question", "answer",
    ];

    private static readonly string[] People =
    [
        "Jürgen Müller <juergen.mueller@example.de>", "Anna Petrova <anna.petrova@example.ru>", "Taro Yamada <taro.yamada@example.jp>",
        "Claire Dubois <claire.dubois@example.fr>", "Sam O'Neill <sam.oneill@example.com>", "Build Server <ci@builds.example.com>",
    ];

    private static readonly DateTimeOffset First = new(2015, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>One message of 25 MB (its attachment in base64), so the peak working set shows what a large one costs.</summary>
    private const int LargestIndex = 0;

    private const int LargestAttachment = 18_700_000;

    /// <summary>The folder alone: the first draw of the message's generator.</summary>
    public static FolderPath FolderOf(int seed, int index) => PickFolder(new Random(Mix(seed, index)));

    public static BenchMessage Create(int seed, int index)
    {
        var random = new Random(Mix(seed, index));
        var folder = PickFolder(random);
        var date = FolderDate(folder, random);
        var flags = MessageFlags.None;
        if (random.NextDouble() < 0.8) flags |= MessageFlags.Seen;
        if (random.NextDouble() < 0.15) flags |= MessageFlags.Answered;
        if (random.NextDouble() < 0.05) flags |= MessageFlags.Flagged;
        if (folder.Name == "Drafts") flags |= MessageFlags.Draft;
        var keywords = new List<string>();
        if (random.NextDouble() < 0.05) keywords.Add("$Forwarded");
        if (random.NextDouble() < 0.05) keywords.Add("Work");
        if (random.NextDouble() < 0.03) keywords.Add("$Label1");

        var roll = random.NextDouble();
        var (textSize, attachment) = index == LargestIndex ? (2_000, LargestAttachment) : roll switch
        {
            < 0.90 => (random.Next(1_500, 20_000), 0),
            < 0.99 => (random.Next(500, 4_000), random.Next(100_000, 600_000)),
            < 0.999 => (random.Next(500, 4_000), random.Next(1_000_000, 3_000_000)),
            _ => (random.Next(500, 4_000), random.Next(5_000_000, 12_000_000)),
        };
        return new BenchMessage(index, folder, flags, keywords, date, Mime(seed, index, random, date, textSize, attachment));
    }

    /// <summary>A fixed mix of seed and index (HashCode.Combine differs from process to process).</summary>
    private static int Mix(int seed, int index) => unchecked((int)((uint)seed * 2_654_435_761u ^ (uint)index * 40_503u + 0x5eedu));

    private static FolderPath PickFolder(Random random)
    {
        var roll = random.Next(Folders.Sum(f => f.Weight));
        foreach (var (path, weight) in Folders)
        {
            if (roll < weight) return path;
            roll -= weight;
        }
        return FolderPath.Inbox;
    }

    private static DateTimeOffset FolderDate(FolderPath folder, Random random)
    {
        if (folder.Parent?.Name == "Archive" && int.TryParse(folder.Name, CultureInfo.InvariantCulture, out var year))
            return new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(random.Next(365 * 24 * 3600));
        return First.AddSeconds(random.NextInt64(11L * 365 * 24 * 3600));
    }

    private static byte[] Mime(int seed, int index, Random random, DateTimeOffset date, int textSize, int attachment)
    {
        var sent = date.AddMinutes(-random.Next(1, 600)).ToOffset(TimeSpan.FromHours(random.Next(-8, 10)));
        var from = People[random.Next(People.Length)];
        var subjectWords = string.Join(' ', Enumerable.Range(0, random.Next(2, 7)).Select(_ => Words[random.Next(Words.Length)]));
        var subject = subjectWords.Any(c => c > 127)
            ? $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(subjectWords))}?="
            : subjectWords;
        var text = new StringBuilder();
        text.Append("Return-Path: <").Append(Address(from)).Append(">\r\n");
        text.Append("Received: from mx.example.org (mx.example.org [192.0.2.").Append(random.Next(1, 254)).Append("])\r\n\tby mail.example.org with ESMTPS id ")
            .Append(random.NextInt64().ToString("x", CultureInfo.InvariantCulture)).Append(";\r\n\t").Append(sent.ToString("ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(29, 1)).Append("\r\n");
        text.Append("From: ").Append(EncodeName(from)).Append("\r\n");
        text.Append("To: Bench User <bench.user@example.org>\r\n");
        text.Append("Subject: ").Append(subject).Append(" #").Append(index).Append("\r\n");
        text.Append("Date: ").Append(sent.ToString("ddd, dd MMM yyyy HH:mm:ss zzz", CultureInfo.InvariantCulture).Remove(29, 1)).Append("\r\n");
        text.Append("Message-ID: <bench.").Append(seed).Append('.').Append(index).Append("@movecenter.example>\r\n");
        text.Append("MIME-Version: 1.0\r\n");
        var boundary = $"=_bench_{seed}_{index}";
        if (attachment > 0)
            text.Append("Content-Type: multipart/mixed; boundary=\"").Append(boundary).Append("\"\r\n\r\nThis is a multi-part message in MIME format.\r\n\r\n--")
                .Append(boundary).Append("\r\n");
        text.Append("Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
        AppendText(text, random, textSize);
        if (attachment == 0) return Encoding.UTF8.GetBytes(text.ToString());

        text.Append("\r\n--").Append(boundary).Append("\r\nContent-Type: application/octet-stream; name=\"file").Append(index)
            .Append(".bin\"\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: attachment; filename=\"file").Append(index).Append(".bin\"\r\n\r\n");
        var raw = new byte[attachment * 3 / 4];
        random.NextBytes(raw);
        var base64 = Convert.ToBase64String(raw);
        for (var i = 0; i < base64.Length; i += 76)
            text.Append(base64, i, Math.Min(76, base64.Length - i)).Append("\r\n");
        text.Append("--").Append(boundary).Append("--\r\n");
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static void AppendText(StringBuilder text, Random random, int size)
    {
        var end = text.Length + size;
        var line = 0;
        while (text.Length < end)
        {
            var word = Words[random.Next(Words.Length)];
            if (line + word.Length > 72)
            {
                text.Append("\r\n");
                line = 0;
            }
            text.Append(word).Append(' ');
            line += word.Length + 1;
        }
        text.Append("\r\n");
    }

    private static string Address(string person) => person[(person.IndexOf('<') + 1)..^1];

    private static string EncodeName(string person)
    {
        var name = person[..person.IndexOf('<')].Trim();
        return name.Any(c => c > 127) ? $"=?UTF-8?B?{Convert.ToBase64String(Encoding.UTF8.GetBytes(name))}?= <{Address(person)}>" : person;
    }
}
