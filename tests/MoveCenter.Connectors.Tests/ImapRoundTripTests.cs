using MoveCenter.Connectors.Demo;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

public sealed class ImapRoundTripTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    [Fact]
    public async Task Maildir_to_imap_to_imap_keeps_bytes_flags_keywords_dates_folders_and_subscriptions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maildir = new MaildirFixture();
        await using var source = await maildir.OpenAsync("alice");
        await new DemoMailboxGenerator().GenerateAsync(source, new DemoMailboxSpec(Seed: 7, MessageCount: 150), ct);
        var user = await NewUserAsync(dovecot.A, dovecot.B);

        await using (var a = await OpenAsync(dovecot.A, user)) await CopyAsync(source, a);
        await using (var a = await OpenAsync(dovecot.A, user))
        await using (var b = await OpenAsync(dovecot.B, user))
            await CopyAsync(a, b);

        await using var verifyA = await OpenAsync(dovecot.A, user);
        await using var verifyB = await OpenAsync(dovecot.B, user);
        var folders = await source.ListFoldersAsync(ct);
        Assert.Contains(folders, f => f.Path == FolderPath.Of("Entwürfe & Notizen") && f.Subscribed);
        Assert.Contains(folders, f => f.Path == FolderPath.Of("Old Newsletters") && !f.Subscribed);
        Assert.Equal(folders, await verifyA.ListFoldersAsync(ct));
        Assert.Equal(folders, await verifyB.ListFoldersAsync(ct));
        var expected = await SnapshotAsync(source, asImap: true);
        Assert.Equal(150, expected.Count);
        Assert.Equal(expected, await SnapshotAsync(verifyA, asImap: true));
        // Between two IMAP servers nothing is converted at all.
        Assert.Equal(await SnapshotAsync(verifyA, asImap: false), await SnapshotAsync(verifyB, asImap: false));
    }

    [Fact]
    public async Task Measuring_a_folder_gives_the_count_and_bytes_of_its_listing_on_maildir_and_imap()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maildir = new MaildirFixture();
        await using var source = await maildir.OpenAsync("measured");
        await new DemoMailboxGenerator().GenerateAsync(source, new DemoMailboxSpec(Seed: 5, MessageCount: 40), ct);
        var user = await NewUserAsync(dovecot.A);
        await using (var a = await OpenAsync(dovecot.A, user)) await CopyAsync(source, a);
        await using var imap = await OpenAsync(dovecot.A, user);

        foreach (var mailbox in new[] { source, imap })
            foreach (var folder in await mailbox.ListFoldersAsync(ct))
            {
                var listed = await ListAsync(mailbox, folder.Path);
                Assert.Equal((listed.Count, listed.Sum(m => m.Size)), await mailbox.MeasureFolderAsync(folder.Path, ct));
            }
    }

    [Fact]
    public async Task A_listing_filtered_by_key_returns_exactly_the_wanted_messages_on_maildir_and_imap()
    {
        var ct = TestContext.Current.CancellationToken;
        using var maildir = new MaildirFixture();
        await using var source = await maildir.OpenAsync("filtered");
        await new DemoMailboxGenerator().GenerateAsync(source, new DemoMailboxSpec(Seed: 11, MessageCount: 60), ct);
        var user = await NewUserAsync(dovecot.A);
        await using (var a = await OpenAsync(dovecot.A, user)) await CopyAsync(source, a);
        await using var imap = await OpenAsync(dovecot.A, user);

        foreach (var mailbox in new[] { source, imap })
        {
            var all = new List<MessageSummary>();
            foreach (var folder in await mailbox.ListFoldersAsync(ct)) all.AddRange(await ListAsync(mailbox, folder.Path));
            var wanted = all.Where((_, i) => i % 3 == 0).Select(m => (m.Folder, m.SourceKey)).ToHashSet();
            var filtered = new List<MessageSummary>();
            foreach (var folder in await mailbox.ListFoldersAsync(ct))
                await foreach (var m in mailbox.ListMessagesAsync(folder.Path, key => wanted.Contains((folder.Path, key)), ct))
                    filtered.Add(m);

            Assert.Equal(60, all.Count);
            Assert.Equal(wanted.Order(), filtered.Select(m => (m.Folder, m.SourceKey)).Order());
            static string Described(MessageSummary m) =>
                $"{m.Folder}|{m.SourceKey}|{m.Size}|{m.Flags}|{string.Join(',', m.Keywords)}|{m.InternalDate:O}|{m.MessageId}|{m.Subject}|{m.From}";
            Assert.Equal(all.Where(m => wanted.Contains((m.Folder, m.SourceKey))).Select(Described), filtered.Select(Described));
        }
    }

    [Fact]
    public async Task A_special_use_folder_lands_in_the_targets_existing_folder_of_that_role()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using (var setup = await OpenAsync(dovecot.A, user))
            await setup.EnsureFolderAsync(new MailFolder(FolderPath.Of("Sent"), true, SpecialUse.Sent), ct);

        await using var target = await OpenAsync(dovecot.A, user);
        var sentItems = FolderPath.Of("Sent Items");
        await target.EnsureFolderAsync(new MailFolder(sentItems, true, SpecialUse.Sent), ct);
        var message = "Message-ID: <sent-1@example.org>\r\nSubject: sent\r\n\r\nhello\r\n"u8.ToArray();
        var date = new DateTimeOffset(2022, 5, 6, 7, 8, 9, TimeSpan.Zero);
        var outcome = Assert.Single(await target.AppendAsync(sentItems, [Outgoing("s1", message, date, "sent-1@example.org")], ct));

        Assert.True(outcome.Delivered, outcome.Error);
        await using var check = await OpenAsync(dovecot.A, user);
        var folders = await check.ListFoldersAsync(ct);
        Assert.DoesNotContain(folders, f => f.Path == sentItems);
        Assert.Contains(new MailFolder(FolderPath.Of("Sent"), true, SpecialUse.Sent), folders);
        var delivered = Assert.Single(await ListAsync(check, FolderPath.Of("Sent")));
        Assert.Equal(outcome.TargetKey, delivered.SourceKey);
    }

    [Fact]
    public async Task Subscriptions_follow_what_ensure_folder_is_told()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var kept = FolderPath.Of("Projects", "Alpha");
        var dropped = FolderPath.Of("Lists");

        await mailbox.EnsureFolderAsync(new MailFolder(kept, true), ct);
        await mailbox.EnsureFolderAsync(new MailFolder(dropped, true), ct);
        await mailbox.EnsureFolderAsync(new MailFolder(dropped, false), ct);

        var folders = await mailbox.ListFoldersAsync(ct);
        Assert.Equal([FolderPath.Inbox, FolderPath.Of("Lists"), FolderPath.Of("Projects"), kept], folders.Select(f => f.Path));
        Assert.True(folders.Single(f => f.Path == kept).Subscribed);
        Assert.False(folders.Single(f => f.Path == dropped).Subscribed);
    }

    [Fact]
    public async Task Parallel_sessions_of_one_mailbox_append_at_the_same_time()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(dovecot.A);
        var date = new DateTimeOffset(2023, 1, 1, 0, 0, 0, TimeSpan.Zero);

        await Task.WhenAll(Enumerable.Range(0, 4).Select(async worker =>
        {
            await using var session = await OpenAsync(dovecot.A, user);
            var folder = FolderPath.Of($"W{worker}");
            await session.EnsureFolderAsync(new MailFolder(folder, true), ct);
            var batch = Enumerable.Range(0, 25)
                .Select(i => Outgoing($"{worker}-{i}", System.Text.Encoding.ASCII.GetBytes($"Subject: {worker}-{i}\r\n\r\nbody\r\n"), date.AddMinutes(i)))
                .ToList();
            Assert.All(await session.AppendAsync(folder, batch, ct), o => Assert.True(o.Delivered, o.Error));
        }));

        await using var check = await OpenAsync(dovecot.A, user);
        foreach (var worker in Enumerable.Range(0, 4))
            Assert.Equal(25, (await ListAsync(check, FolderPath.Of($"W{worker}"))).Count);
    }

    [Fact]
    public async Task A_folder_name_containing_the_servers_delimiter_is_refused()
    {
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);

        var error = await Assert.ThrowsAsync<UnsupportedFolderNameException>(() =>
            mailbox.EnsureFolderAsync(new MailFolder(FolderPath.Of("a/b"), true), TestContext.Current.CancellationToken));

        Assert.Contains("delimiter '/'", error.Message);
    }
}
