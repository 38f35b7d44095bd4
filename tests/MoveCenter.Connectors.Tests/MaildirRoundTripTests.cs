using MoveCenter.Connectors.Demo;
using Xunit;

namespace MoveCenter.Connectors.Tests;

public sealed class MaildirRoundTripTests
{
    [Fact]
    public async Task Copying_a_demo_mailbox_through_the_contract_keeps_bytes_flags_keywords_dates_folders_and_subscriptions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var source = await postOffice.OpenAsync("alice");
        await new DemoMailboxGenerator().GenerateAsync(source, new DemoMailboxSpec(Seed: 42, MessageCount: 150), ct);
        await using var target = await postOffice.OpenAsync("bob");
        await target.CreateAsync(ct);

        var sourceFolders = await source.ListFoldersAsync(ct);
        foreach (var folder in sourceFolders)
        {
            await target.EnsureFolderAsync(folder, ct);
            var batch = new List<OutgoingMessage>();
            await foreach (var m in source.ListMessagesAsync(folder.Path, ct))
                batch.Add(new OutgoingMessage(m.SourceKey, m.Size, m.Flags, m.Keywords, m.InternalDate, m.MessageId,
                    c => source.OpenMessageAsync(folder.Path, m.SourceKey, c)));
            var outcomes = await target.AppendAsync(folder.Path, batch, ct);
            Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
        }

        Assert.Equal(sourceFolders, await target.ListFoldersAsync(ct));
        Assert.Contains(sourceFolders, f => f.Path == FolderPath.Of("日本語") && f.Subscribed);
        Assert.Contains(sourceFolders, f => f.Path == FolderPath.Of("Old Newsletters") && !f.Subscribed);
        var expected = await MaildirFixture.SnapshotAsync(source);
        Assert.Equal(150, expected.Count);
        Assert.Equal(expected, await MaildirFixture.SnapshotAsync(target));
    }

    [Fact]
    public async Task Append_then_list_keeps_bytes_flags_keywords_and_internal_date()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("carol");
        await mailbox.CreateAsync(ct);
        var date = new DateTimeOffset(2020, 2, 29, 12, 34, 56, TimeSpan.FromHours(2));
        const string content = "Message-ID: <x1@example.org>\nSubject: hi\n\nbody\n";

        var outcome = Assert.Single(await mailbox.AppendAsync(FolderPath.Inbox,
            [MaildirFixture.Outgoing("k1", content, MessageFlags.Seen | MessageFlags.Flagged, ["Work"], date)], ct));

        Assert.Equal(AppendOutcome.Success("k1", "k1"), outcome);
        var listed = new List<MessageSummary>();
        await foreach (var m in mailbox.ListMessagesAsync(FolderPath.Inbox, ct)) listed.Add(m);
        var message = Assert.Single(listed);
        Assert.Equal(("k1", MessageFlags.Seen | MessageFlags.Flagged, "x1@example.org", content.Length),
            (message.SourceKey, message.Flags, message.MessageId, (int)message.Size));
        Assert.Equal(["Work"], message.Keywords);
        Assert.Equal(date.ToUnixTimeSeconds(), message.InternalDate.ToUnixTimeSeconds());
        using var reader = new StreamReader(await mailbox.OpenMessageAsync(FolderPath.Inbox, "k1", ct));
        Assert.Equal(content, await reader.ReadToEndAsync(ct));
    }
}
