using MoveCenter.Connectors.Maildir;
using Xunit;

namespace MoveCenter.Connectors.Tests;

public sealed class MaildirDeliveryTests
{
    [Fact]
    public async Task FindDelivered_finds_a_message_renamed_into_place_whose_outcome_was_lost()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("alice");
        await mailbox.CreateAsync(ct);
        var root = postOffice.Store.GetMailboxPath("alice");
        // What a crash right after rename(2) leaves behind, and a message a local delivery agent put into new/.
        await File.WriteAllTextAsync(Path.Combine(root, "cur", "k1:2,S"), "one", ct);
        await File.WriteAllTextAsync(Path.Combine(root, "new", "k2"), "two", ct);

        var found = await mailbox.FindDeliveredAsync(FolderPath.Inbox,
            [MaildirFixture.Outgoing("k1", "one"), MaildirFixture.Outgoing("k2", "two"), MaildirFixture.Outgoing("k3", "three")], ct);

        Assert.Equal(new Dictionary<string, string> { ["k1"] = "k1", ["k2"] = "k2" }, found);
    }

    [Fact]
    public async Task Sessions_appending_new_keywords_to_one_folder_at_once_keep_every_message_s_keywords()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using (var creator = await postOffice.OpenAsync("alice"))
            await creator.CreateAsync(ct);
        // A move appends over several connections at once, and blocks of one folder often go to two of them.
        var sessions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => postOffice.OpenAsync("alice")));
        var rounds = Enumerable.Range(0, 3);

        foreach (var round in rounds)
            await Task.WhenAll(sessions.Select((session, lane) => Task.Run(() => session.AppendAsync(FolderPath.Inbox,
                [MaildirFixture.Outgoing($"m{round}-{lane}", "x\n", keywords: [$"$k{round}-{lane}"])], ct), ct)));

        foreach (var session in sessions) await session.DisposeAsync();
        await using var reader = await postOffice.OpenAsync("alice");
        var keywords = new Dictionary<string, string>();
        await foreach (var m in reader.ListMessagesAsync(FolderPath.Inbox, ct)) keywords[m.SourceKey] = string.Join(' ', m.Keywords);
        Assert.Equal(24, keywords.Count);
        Assert.All(keywords, k => Assert.Equal($"$k{k.Key[1..]}", k.Value));
    }

    [Fact]
    public async Task An_unreadable_source_message_fails_alone_and_leaves_no_temporary_file()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var source = await postOffice.OpenAsync("alice");
        await source.CreateAsync(ct);
        await source.AppendAsync(FolderPath.Inbox, [MaildirFixture.Outgoing("good", "fine\n")], ct);
        MaildirDemoItems.PlantUnreadableItem(postOffice.Store.GetMailboxPath("alice"));
        await using var target = await postOffice.OpenAsync("bob");
        await target.CreateAsync(ct);

        var listed = new List<MessageSummary>();
        await foreach (var m in source.ListMessagesAsync(FolderPath.Inbox, ct)) listed.Add(m);
        var broken = Assert.Single(listed, m => m.SourceKey == "1700000000.M1P1.demo,S=48213");
        Assert.Equal((48213L, MessageFlags.Seen, (string?)null), (broken.Size, broken.Flags, broken.MessageId));
        var outcomes = await target.AppendAsync(FolderPath.Inbox, listed.Select(m => new OutgoingMessage(
            m.SourceKey, m.Size, m.Flags, m.Keywords, m.InternalDate, m.MessageId,
            c => source.OpenMessageAsync(FolderPath.Inbox, m.SourceKey, c))).ToList(), ct);

        Assert.True(outcomes.Single(o => o.DeliveryKey == "good").Delivered);
        var failure = outcomes.Single(o => o.DeliveryKey == broken.SourceKey);
        Assert.StartsWith("could not read the message at the source: ", failure.Error);
        Assert.Contains("symbolic link", failure.Error);
        Assert.Empty(Directory.GetFiles(Path.Combine(postOffice.Store.GetMailboxPath("bob"), "tmp")));
    }

    [Fact]
    public async Task A_source_that_breaks_while_being_read_fails_alone()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("alice");
        await mailbox.CreateAsync(ct);
        var breaking = MaildirFixture.Outgoing("bad", "") with { OpenContent = _ => Task.FromResult<Stream>(new BreakingStream()) };

        var outcomes = await mailbox.AppendAsync(FolderPath.Inbox,
            [breaking, MaildirFixture.Outgoing("bad/key", "x"), MaildirFixture.Outgoing("ok", "x")], ct);

        Assert.Equal("could not read the message at the source: connection reset", outcomes[0].Error);
        Assert.Contains("not a Maildir unique name", outcomes[1].Error);
        Assert.True(outcomes[2].Delivered);
        var root = postOffice.Store.GetMailboxPath("alice");
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "tmp")));
        Assert.Equal(["ok:2,"], Directory.GetFiles(Path.Combine(root, "cur")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task OpenMessage_finds_a_message_that_moved_from_new_to_cur_after_listing()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("alice");
        await mailbox.CreateAsync(ct);
        var root = postOffice.Store.GetMailboxPath("alice");
        await File.WriteAllTextAsync(Path.Combine(root, "new", "m1"), "first", ct);
        await File.WriteAllTextAsync(Path.Combine(root, "new", "m2"), "second", ct);
        var keys = new List<string>();
        await foreach (var m in mailbox.ListMessagesAsync(FolderPath.Inbox, ct)) keys.Add(m.SourceKey);
        (await mailbox.OpenMessageAsync(FolderPath.Inbox, "m1", ct)).Dispose();

        File.Move(Path.Combine(root, "new", "m2"), Path.Combine(root, "cur", "m2:2,S"));

        Assert.Equal(["m1", "m2"], keys.Order());
        using var reader = new StreamReader(await mailbox.OpenMessageAsync(FolderPath.Inbox, "m2", ct));
        Assert.Equal("second", await reader.ReadToEndAsync(ct));
    }

    [Fact]
    public async Task DeleteAsync_removes_the_mailbox_and_can_be_repeated()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("alice");
        await mailbox.CreateAsync(ct);
        await mailbox.EnsureFolderAsync(new MailFolder(FolderPath.Of("Sent"), true), ct);
        await mailbox.AppendAsync(FolderPath.Of("Sent"), [MaildirFixture.Outgoing("k", "x")], ct);
        Assert.True(await mailbox.ExistsAsync(ct));

        await mailbox.DeleteAsync(ct);
        await mailbox.DeleteAsync(ct);

        Assert.False(await mailbox.ExistsAsync(ct));
        Assert.False(Directory.Exists(postOffice.Store.GetMailboxPath("alice")));
    }

    [Fact]
    public async Task TestConnection_reports_a_missing_root()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        var missing = new MaildirMailStore(Path.Combine(postOffice.Store.RootPath, "nope"),
            Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        Assert.True((await postOffice.Store.TestConnectionAsync(ct)).Succeeded);
        var result = await missing.TestConnectionAsync(ct);
        Assert.False(result.Succeeded);
        Assert.Contains("does not exist", result.Summary);
    }

    private sealed class BreakingStream : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => 0; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new IOException("connection reset");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
