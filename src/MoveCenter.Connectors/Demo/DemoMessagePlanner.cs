using System.Globalization;

namespace MoveCenter.Connectors.Demo;

/// <summary>Draws every demo message's metadata from one seeded generator, in a fixed order.</summary>
internal static class DemoMessagePlanner
{
    private static readonly DateTimeOffset FirstDate = new(2019, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset EndDate = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly DemoPerson Owner = new("Demo User", "demo.user@example.org");

    private static readonly DemoPerson[] Contacts =
    [
        new("Jürgen Müller", "juergen.mueller@example.de"),
        new("Анна Петрова", "anna.petrova@example.ru"),
        new("山田 太郎", "taro.yamada@example.jp"),
        new("Claire Dubois", "claire.dubois@example.fr"),
        new("Sam O'Neill", "sam.oneill@example.com"),
        new("Build Server", "ci@builds.example.com"),
        new("Newsletter", "news@letters.example.net"),
    ];

    private static readonly string[] Topics =
    [
        "Quarterly report", "Lunch on Friday?", "Alpha spec review", "Invoice 2021-0042", "Übergabe der Schlüssel",
        "Встреча в понедельник", "会議の議事録", "Holiday photos", "Build failed on main", "Your weekly digest",
    ];

    public static IReadOnlyList<DemoMessagePlan> Plan(DemoMailboxSpec spec)
    {
        var random = new Random(spec.Seed);
        var large = LargeMessageIndexes(spec, random);
        var plans = new List<DemoMessagePlan>(spec.MessageCount);
        for (var index = 0; index < spec.MessageCount; index++)
        {
            var folder = DemoFolders.Pick(random);
            var date = DateIn(folder, random);
            var contact = Contacts[random.Next(Contacts.Length)];
            var outgoing = folder.Name is "Sent" or "Drafts";
            plans.Add(new DemoMessagePlan(
                index,
                spec.Seed,
                folder,
                Flags(folder, random),
                Keywords(random),
                date,
                MessageIdFor(index, spec.Seed, plans),
                outgoing ? Owner : contact,
                outgoing ? contact : Owner,
                $"{Topics[random.Next(Topics.Length)]} #{index}",
                random.NextDouble() < 0.4,
                random.NextDouble() < 0.15 ? random.Next(1, 3) : 0,
                large.Contains(index) ? random.Next(1_000_000, 2_500_000) : 0));
        }
        return plans;
    }

    /// <summary>Message 2 repeats message 1's Message-ID and message 3 has none: both happen in real mailboxes.</summary>
    private static string? MessageIdFor(int index, int seed, List<DemoMessagePlan> earlier) => index switch
    {
        2 => earlier[1].MessageId,
        3 => null,
        _ => string.Create(CultureInfo.InvariantCulture, $"demo.{seed:x}.{index}@movecenter.example"),
    };

    private static HashSet<int> LargeMessageIndexes(DemoMailboxSpec spec, Random random)
    {
        if (!spec.IncludeLargeAttachments || spec.MessageCount == 0) return [];
        var count = Math.Min(Math.Clamp(spec.MessageCount / 100, 1, 3), spec.MessageCount);
        var indexes = new HashSet<int>();
        while (indexes.Count < count) indexes.Add(random.Next(spec.MessageCount));
        return indexes;
    }

    private static DateTimeOffset DateIn(FolderPath folder, Random random)
    {
        var (from, to) = folder.Parent?.Name == "Archive" && int.TryParse(folder.Name, CultureInfo.InvariantCulture, out var year)
            ? (new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(year + 1, 1, 1, 0, 0, 0, TimeSpan.Zero))
            : (FirstDate, EndDate);
        var seconds = random.NextInt64((long)(to - from).TotalSeconds);
        return from.AddSeconds(seconds);
    }

    private static MessageFlags Flags(FolderPath folder, Random random)
    {
        if (folder.Name == "Drafts") return MessageFlags.Draft | MessageFlags.Seen;
        var flags = MessageFlags.None;
        if (folder.Name == "Sent" || random.NextDouble() < 0.8) flags |= MessageFlags.Seen;
        if (random.NextDouble() < 0.15) flags |= MessageFlags.Answered;
        if (random.NextDouble() < 0.08) flags |= MessageFlags.Flagged;
        if (folder.Name == "Trash" && random.NextDouble() < 0.3) flags |= MessageFlags.Deleted;
        return flags;
    }

    private static IReadOnlyList<string> Keywords(Random random)
    {
        var keywords = new List<string>();
        if (random.NextDouble() < 0.08) keywords.Add("$Forwarded");
        if (random.NextDouble() < 0.2) keywords.Add("Work");
        if (random.NextDouble() < 0.1) keywords.Add("Personal");
        return keywords;
    }
}
