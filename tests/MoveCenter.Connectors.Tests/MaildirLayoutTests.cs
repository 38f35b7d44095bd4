using MoveCenter.Connectors.Demo;
using Xunit;

namespace MoveCenter.Connectors.Tests;

public sealed class MaildirLayoutTests
{
    [Fact]
    public async Task Folders_are_maildir_plus_plus_directories_in_modified_utf7_with_dovecot_subscriptions()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("alice");
        await new DemoMailboxGenerator().GenerateAsync(mailbox, new DemoMailboxSpec(7, 40) { IncludeLargeAttachments = false }, ct);
        var root = postOffice.Store.GetMailboxPath("alice");

        foreach (var name in new[] { ".Entw&APw-rfe &- Notizen", ".&ZeVnLIqe-", ".Archive.2019", ".Projects.Alpha.Specs" })
            Assert.True(Directory.Exists(Path.Combine(root, name, "cur")), name);
        Assert.True(File.Exists(Path.Combine(root, ".Projects.Alpha", "maildirfolder")));
        var subscriptions = await File.ReadAllTextAsync(Path.Combine(root, "subscriptions"), ct);
        Assert.StartsWith("V\t2\n\n", subscriptions);
        Assert.Contains("\nProjects\tAlpha\tSpecs\n", subscriptions);
        Assert.Contains("\nEntwürfe & Notizen\n", subscriptions);
        Assert.DoesNotContain("Old Newsletters", subscriptions);
    }

    [Fact]
    public async Task Delivered_file_name_has_sorted_flag_letters_and_keyword_letters_from_dovecot_keywords()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("bob");
        await mailbox.CreateAsync(ct);
        var root = postOffice.Store.GetMailboxPath("bob");
        await File.WriteAllTextAsync(Path.Combine(root, "dovecot-keywords"), "0 $Forwarded\n2 Old\n", ct);
        var flags = MessageFlags.Seen | MessageFlags.Flagged | MessageFlags.Answered | MessageFlags.Draft | MessageFlags.Deleted;

        await mailbox.AppendAsync(FolderPath.Inbox, [MaildirFixture.Outgoing("k1", "x\n", flags, ["Work", "$Forwarded", "Extra"])], ct);

        Assert.Equal(["k1:2,DFRSTabd"], Directory.GetFiles(Path.Combine(root, "cur")).Select(Path.GetFileName));
        Assert.Equal(["0 $Forwarded", "1 Work", "2 Old", "3 Extra"], await File.ReadAllLinesAsync(Path.Combine(root, "dovecot-keywords"), ct));
        Assert.Empty(Directory.GetFiles(Path.Combine(root, "tmp")));
    }

    [Fact]
    public async Task Old_format_subscriptions_and_missing_parent_folders_are_read()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("carol");
        await mailbox.CreateAsync(ct);
        var root = postOffice.Store.GetMailboxPath("carol");
        foreach (var sub in new[] { "cur", "new", "tmp" })
        {
            Directory.CreateDirectory(Path.Combine(root, ".A.B", sub));
            Directory.CreateDirectory(Path.Combine(root, ".Entw&APw-rfe", sub));
        }
        await File.WriteAllTextAsync(Path.Combine(root, "subscriptions"), "INBOX\nA.B\nEntw&APw-rfe\n", ct);

        var folders = await mailbox.ListFoldersAsync(ct);

        Assert.Equal(
            [new MailFolder(FolderPath.Inbox, true, SpecialUse.Inbox), new MailFolder(FolderPath.Of("A"), false),
             new MailFolder(FolderPath.Of("A", "B"), true), new MailFolder(FolderPath.Of("Entwürfe"), true)],
            folders);
    }

    [Fact]
    public async Task A_dot_inside_a_folder_name_is_refused()
    {
        var ct = TestContext.Current.CancellationToken;
        using var postOffice = new MaildirFixture();
        await using var mailbox = await postOffice.OpenAsync("dave");
        await mailbox.CreateAsync(ct);

        var error = await Assert.ThrowsAsync<UnsupportedFolderNameException>(
            () => mailbox.EnsureFolderAsync(new MailFolder(FolderPath.Of("v1.2 notes"), true), ct));
        Assert.Contains("hierarchy separator", error.Message);
    }
}
