using MailKit;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;
using ImapFlags = MailKit.MessageFlags;

namespace MoveCenter.Connectors.Tests;

/// <summary>CONDSTORE listings against a real Dovecot (which offers CONDSTORE and QRESYNC): only what changed since a mark.</summary>
public sealed class ImapFolderChangesTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private const int Messages = 12;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Changes_since_a_mark_list_only_the_changed_and_new_messages_and_every_key_still_present()
    {
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        await FillAsync(mailbox, FolderPath.Inbox, "inbox");
        var before = (await ListAsync(mailbox, FolderPath.Inbox)).Select(m => m.SourceKey).ToList();
        var since = await mailbox.ReadMarkAsync(FolderPath.Inbox, Ct);

        using (var edits = await SourceEdits.OpenAsync(dovecot.A, user))
        {
            var inbox = await edits.FolderAsync();
            var uids = await edits.UidsAsync(inbox);
            await edits.StoreAsync(inbox, [uids[2]], StoreAction.Add, ImapFlags.Flagged, "$Later");
            await edits.ExpungeAsync(inbox, [uids[5]]);
            await edits.AppendAsync(inbox, "<arrived@changes.test>");
        }
        var changes = await mailbox.ListChangesAsync(FolderPath.Inbox, since, Ct);

        var after = (await ListAsync(mailbox, FolderPath.Inbox)).Select(m => m.SourceKey).ToList();
        var arrived = after.Except(before).Single();
        Assert.NotNull(since);
        Assert.False(changes.Unchanged);
        Assert.NotEqual(since, changes.Mark);
        Assert.Equal([before[2], arrived], changes.Changed.Select(c => c.Key));
        var flagged = changes.Changed[0];
        Assert.Equal(MessageFlags.Flagged, flagged.Flags & MessageFlags.Flagged);
        Assert.Equal(["$Later"], flagged.Keywords);
        Assert.Equal(after.Order(StringComparer.Ordinal), changes.Present.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(before[5], changes.Present);
    }

    [Fact]
    public async Task An_untouched_folder_reports_no_change_without_listing_and_the_new_mark_lists_nothing_twice()
    {
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        var quiet = FolderPath.Of("Quiet");
        await mailbox.EnsureFolderAsync(new MailFolder(quiet, true, SpecialUse.None), Ct);
        await FillAsync(mailbox, quiet, "quiet");
        await FillAsync(mailbox, FolderPath.Inbox, "busy");
        var quietMark = await mailbox.ReadMarkAsync(quiet, Ct);
        var inboxMark = await mailbox.ReadMarkAsync(FolderPath.Inbox, Ct);

        using (var edits = await SourceEdits.OpenAsync(dovecot.A, user))
            await edits.AppendAsync(await edits.FolderAsync(), "<elsewhere@changes.test>");
        var untouched = await mailbox.ListChangesAsync(quiet, quietMark, Ct);
        var busy = await mailbox.ListChangesAsync(FolderPath.Inbox, inboxMark, Ct);
        var again = await mailbox.ListChangesAsync(FolderPath.Inbox, busy.Mark, Ct);

        Assert.True(untouched.Unchanged);
        Assert.Equal(quietMark, untouched.Mark);
        Assert.Empty(untouched.Changed);
        Assert.Single(busy.Changed);
        Assert.Equal(Messages + 1, busy.Present.Count);
        Assert.True(again.Unchanged);
    }

    [Fact]
    public async Task Marks_are_read_with_STATUS_so_a_sync_examines_only_the_folders_that_changed()
    {
        var user = await NewUserAsync(dovecot.A);
        dovecot.A.RecordCommandsOf(user);
        var quiet = FolderPath.Of("Quiet");
        FolderChanges untouched, busy, examined;
        string? quietMark;
        await using (var mailbox = await OpenAsync(dovecot.A, user))
        {
            await mailbox.EnsureFolderAsync(new MailFolder(quiet, true, SpecialUse.None), Ct);
            await FillAsync(mailbox, quiet, "quiet");
            await FillAsync(mailbox, FolderPath.Inbox, "busy");
            quietMark = await mailbox.ReadMarkAsync(quiet, Ct);
            var inboxMark = await mailbox.ReadMarkAsync(FolderPath.Inbox, Ct);
            using (var edits = await SourceEdits.OpenAsync(dovecot.A, user))
                await edits.AppendAsync(await edits.FolderAsync(), "<status@changes.test>");
            untouched = await mailbox.ListChangesAsync(quiet, quietMark, Ct);
            busy = await mailbox.ListChangesAsync(FolderPath.Inbox, inboxMark, Ct);
        }
        // Listed whole, from the mark its EXAMINE reports.
        await using (var other = await OpenAsync(dovecot.A, user))
            examined = await other.ListChangesAsync(quiet, null, Ct);

        var commands = dovecot.A.CommandsOf(user);
        Assert.True(untouched.Unchanged);
        Assert.Single(busy.Changed);
        Assert.Equal(quietMark, examined.Mark);
        Assert.Single(commands, c => c.StartsWith("EXAMINE Quiet", StringComparison.Ordinal));
        Assert.Single(commands, c => c.StartsWith("EXAMINE INBOX", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_a_usable_mark_none_from_another_UIDVALIDITY_or_one_ahead_of_the_folder_it_is_listed_whole()
    {
        var user = await NewUserAsync(dovecot.A);
        await using var mailbox = await OpenAsync(dovecot.A, user);
        await FillAsync(mailbox, FolderPath.Inbox, "whole");
        var mark = await mailbox.ReadMarkAsync(FolderPath.Inbox, Ct);
        var parts = mark!.Split(':').Select(ulong.Parse).ToArray();
        var otherValidity = $"{parts[0] + 1}:1:1";
        var aheadOfTheFolder = $"{parts[0]}:{parts[1] + 1000}:{parts[2]}";

        var first = await mailbox.ListChangesAsync(FolderPath.Inbox, null, Ct);
        var renumbered = await mailbox.ListChangesAsync(FolderPath.Inbox, otherValidity, Ct);
        var rebuilt = await mailbox.ListChangesAsync(FolderPath.Inbox, aheadOfTheFolder, Ct);

        Assert.Equal(mark, first.Mark);
        Assert.Equal(Messages, first.Changed.Count);
        Assert.Equal(Messages, renumbered.Changed.Count);
        Assert.Equal(Messages, rebuilt.Changed.Count);
        Assert.Equal(first.Present, renumbered.Present);
    }

    private static async Task FillAsync(IMailboxSession mailbox, FolderPath folder, string name)
    {
        var messages = Enumerable.Range(0, Messages).Select(i => Outgoing($"{name}-{i}",
            System.Text.Encoding.ASCII.GetBytes($"Message-ID: <{name}-{i}@changes.test>\r\nSubject: {name} {i}\r\n\r\nbody {i}\r\n"),
            DateTimeOffset.UnixEpoch.AddDays(i), $"<{name}-{i}@changes.test>")).ToList();
        Assert.All(await mailbox.AppendAsync(folder, messages, Ct), o => Assert.True(o.Delivered, o.Error));
    }
}
