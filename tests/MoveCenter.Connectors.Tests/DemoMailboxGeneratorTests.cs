using MoveCenter.Connectors.Demo;
using Xunit;

namespace MoveCenter.Connectors.Tests;

public sealed class DemoMailboxGeneratorTests
{
    [Fact]
    public async Task Same_seed_gives_the_same_bytes_and_a_different_seed_does_not()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        var snapshots = new List<List<string>>();
        foreach (var (id, seed) in new[] { ("a", 9), ("b", 9), ("c", 10) })
        {
            await using var mailbox = await postOffice.OpenAsync(id);
            await new DemoMailboxGenerator().GenerateAsync(mailbox, new DemoMailboxSpec(seed, 60), ct);
            snapshots.Add(await MaildirFixture.SnapshotAsync(mailbox));
        }

        Assert.Equal(snapshots[0], snapshots[1]);
        Assert.NotEqual(snapshots[0], snapshots[2]);
    }

    [Fact]
    public async Task A_few_hundred_messages_have_the_promised_variety_within_fifteen_megabytes()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("demo");
        await new DemoMailboxGenerator().GenerateAsync(mailbox, new DemoMailboxSpec(3, 300), ct);

        var messages = new List<MessageSummary>();
        foreach (var folder in await mailbox.ListFoldersAsync(ct))
            await foreach (var m in mailbox.ListMessagesAsync(folder.Path, ct)) messages.Add(m);

        Assert.Equal(300, messages.Count);
        Assert.InRange(messages.Sum(m => m.Size), 1, 15_000_000);
        Assert.Contains(messages, m => m.Size > 1_000_000);
        Assert.All(messages, m => Assert.InRange(m.Size, 1_000, 4_000_000));
        Assert.Single(messages, m => m.MessageId is null);
        Assert.Contains(messages.GroupBy(m => m.MessageId).Where(g => g.Key is not null), g => g.Count() == 2);
        Assert.All(messages.Where(m => m.Flags.HasFlag(MessageFlags.Draft)), m => Assert.Equal(FolderPath.Of("Drafts"), m.Folder));
        Assert.Contains(messages, m => m.Keywords.Contains("$Forwarded"));
        Assert.InRange(messages.Min(m => m.InternalDate.Year), 2019, 2019);
        Assert.InRange(messages.Max(m => m.InternalDate.Year), 2025, 2025);
    }
}
