using System.Text;
using MoveCenter.Connectors.Maildir;
using Xunit;

namespace MoveCenter.Connectors.Tests;

/// <summary>A link a user plants in their own Maildir must not carry a file of the server into anyone's mailbox.</summary>
public sealed class MaildirLinkTests : IDisposable
{
    private const string Secret = "Subject: db password\r\nMessage-ID: <secret@server>\r\n\r\nhunter2\r\n";

    private readonly MaildirFixture _postOffice = new();
    private readonly TempDirectory _outside = new();

    [Fact]
    public async Task A_message_file_linked_outside_the_mailbox_is_listed_as_a_skipped_link_and_its_bytes_never_reach_the_target()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alice = await SourceWithOneMessageAsync();
        var secret = WriteOutside("secret.eml", Secret);
        File.CreateSymbolicLink(Path.Combine(Maildir("alice"), "cur", "1600000000.M2P2.host,S=60:2,S"), secret);
        await using var bob = await CreatedAsync("bob");

        var listed = await ListAsync(alice, FolderPath.Inbox);
        var copied = await bob.AppendAsync(FolderPath.Inbox, listed.Select(m => Outgoing(alice, m)).ToList(), ct);

        var link = Assert.Single(listed, m => m.SkipReason is not null);
        Assert.Equal(("1600000000.M2P2.host,S=60", "a symbolic link, not moved", (string?)null, (string?)null),
            (link.SourceKey, link.SkipReason, link.MessageId, link.Subject));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1600000000), link.InternalDate);
        Assert.True(copied.Single(o => o.DeliveryKey == "good").Delivered);
        Assert.Contains("its file is a symbolic link, not moved", copied.Single(o => o.DeliveryKey == link.SourceKey).Error);
        Assert.Equal(["fine\n"], await MessageFilesAsync("bob"));
        Assert.Equal(Secret, await File.ReadAllTextAsync(secret, ct));
    }

    [Fact]
    public async Task A_folder_that_is_a_link_is_listed_as_skipped_and_nothing_behind_it_is_read()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alice = await SourceWithOneMessageAsync();
        var elsewhere = OutsideMaildirWith("1600000000.M3P3.host:2,S", Secret);
        Directory.CreateSymbolicLink(Path.Combine(Maildir("alice"), ".Leak"), elsewhere);

        var folders = await alice.ListFoldersAsync(ct);

        var leak = Assert.Single(folders, f => f.Path.ToString() == "Leak");
        Assert.Equal("a symbolic link, not moved", leak.SkipReason);
        Assert.Null(Assert.Single(folders, f => f.Path.IsInbox).SkipReason);
        Assert.Empty(await ListAsync(alice, leak.Path));
        var refused = await Assert.ThrowsAsync<IOException>(() => alice.OpenMessageAsync(leak.Path, "1600000000.M3P3.host", ct));
        Assert.Contains("a symbolic link, not moved", refused.Message);
    }

    [Fact]
    public async Task An_inbox_whose_cur_is_a_link_is_skipped_naming_cur_and_lists_none_of_the_linked_files()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var alice = await CreatedAsync("alice");
        var elsewhere = OutsideMaildirWith("1600000000.M4P4.host:2,S", Secret);
        var cur = Path.Combine(Maildir("alice"), "cur");
        Directory.Delete(cur);
        Directory.CreateSymbolicLink(cur, Path.Combine(elsewhere, "cur"));

        var inbox = Assert.Single(await alice.ListFoldersAsync(ct), f => f.Path.IsInbox);

        Assert.Equal("its cur/ is a symbolic link, not moved", inbox.SkipReason);
        Assert.Empty(await ListAsync(alice, FolderPath.Inbox));
    }

    [Fact]
    public async Task A_target_folder_that_is_a_link_is_refused_naming_the_link_and_nothing_is_created_behind_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bob = await CreatedAsync("bob");
        var link = Path.Combine(Maildir("bob"), ".Archive");
        var elsewhere = LinkToEmptyDirectoryOutside(link);

        var refused = await Assert.ThrowsAsync<MailboxAccessException>(
            () => bob.EnsureFolderAsync(new MailFolder(new FolderPath(["Archive"]), Subscribed: true), ct));

        Assert.Equal($"{link} is a symbolic link; MoveCenter never writes through one. Replace it with a real directory, then retry.", refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
    }

    [Fact]
    public async Task A_delivery_into_a_folder_whose_tmp_is_a_link_fails_naming_the_link_and_writes_nothing_behind_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bob = await CreatedAsync("bob");
        var tmp = Path.Combine(Maildir("bob"), "tmp");
        var elsewhere = LinkToEmptyDirectoryOutside(tmp);

        var outcome = Assert.Single(await bob.AppendAsync(FolderPath.Inbox, [MaildirFixture.Outgoing("m1", "hello\n")], ct));

        Assert.Equal($"{tmp} is a symbolic link; MoveCenter never writes through one. Replace it with a real directory, then retry.", outcome.Error);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.Empty(await MessageFilesAsync("bob"));
    }

    [Fact]
    public async Task A_link_waiting_under_a_delivery_s_temporary_name_is_replaced_and_the_file_it_points_to_is_untouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var bob = await CreatedAsync("bob");
        var victim = WriteOutside("victim.conf", "keep me");
        File.CreateSymbolicLink(Path.Combine(Maildir("bob"), "tmp", "m1"), victim);

        var outcome = Assert.Single(await bob.AppendAsync(FolderPath.Inbox, [MaildirFixture.Outgoing("m1", "hello\n")], ct));

        Assert.True(outcome.Delivered, outcome.Error);
        Assert.Equal("keep me", await File.ReadAllTextAsync(victim, ct));
        Assert.Equal(["hello\n"], await MessageFilesAsync("bob"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(Path.Combine(Maildir("bob"), "tmp")));
    }

    [Fact]
    public async Task A_Sieve_script_linked_outside_the_user_s_folder_is_listed_as_skipped_unread_and_dovecots_active_link_still_counts()
    {
        var ct = TestContext.Current.CancellationToken;
        var scripts = Directory.CreateDirectory(Path.Combine(Maildir("alice"), MaildirRuleStore.ScriptDirectory)).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "ok.sieve"), "keep;\n", ct);
        File.CreateSymbolicLink(Path.Combine(scripts, "leak.sieve"), WriteOutside("secret.sieve", Secret));
        File.CreateSymbolicLink(Path.Combine(Maildir("alice"), MaildirRuleStore.ActiveLink), "sieve/ok.sieve");
        await using var rules = (await _postOffice.Store.OpenRulesAsync("alice", ct))!;

        var listed = await rules.ListAsync(ct);

        Assert.Equal(
            [new SieveScript("leak", "", false) { SkipReason = "a symbolic link, not moved" }, new SieveScript("ok", "keep;\n", true)],
            listed.OrderBy(s => s.Name, StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_active_script_link_leaving_the_user_s_folder_is_neither_read_nor_listed()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Maildir("alice"));
        File.CreateSymbolicLink(Path.Combine(Maildir("alice"), MaildirRuleStore.ActiveLink), WriteOutside("secret.sieve", Secret));
        await using var rules = (await _postOffice.Store.OpenRulesAsync("alice", ct))!;

        Assert.Empty(await rules.ListAsync(ct));
    }

    [Fact]
    public async Task Storing_a_Sieve_script_refuses_a_script_folder_that_is_a_link_and_writes_nothing_behind_it()
    {
        var ct = TestContext.Current.CancellationToken;
        Directory.CreateDirectory(Maildir("bob"));
        var link = Path.Combine(Maildir("bob"), MaildirRuleStore.ScriptDirectory);
        var elsewhere = LinkToEmptyDirectoryOutside(link);
        await using var rules = (await _postOffice.Store.OpenRulesAsync("bob", ct))!;

        var refused = await Assert.ThrowsAsync<RuleRefusedException>(() => rules.PutAsync(new SieveScript("main", "keep;\n", true), ct));

        Assert.StartsWith($"{link} is a symbolic link; MoveCenter never writes through one.", refused.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(elsewhere));
        Assert.False(File.Exists(Path.Combine(Maildir("bob"), MaildirRuleStore.ActiveLink)));
    }

    public void Dispose()
    {
        _postOffice.Dispose();
        _outside.Dispose();
    }

    private string Maildir(string user) => _postOffice.Store.GetMailboxPath(user);

    private async Task<IMailboxSession> CreatedAsync(string user)
    {
        var session = await _postOffice.OpenAsync(user);
        await session.CreateAsync(TestContext.Current.CancellationToken);
        return session;
    }

    private async Task<IMailboxSession> SourceWithOneMessageAsync()
    {
        var alice = await CreatedAsync("alice");
        await alice.AppendAsync(FolderPath.Inbox, [MaildirFixture.Outgoing("good", "fine\n")], TestContext.Current.CancellationToken);
        return alice;
    }

    private string WriteOutside(string name, string content)
    {
        var path = _outside.Combine(name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Puts a link to a new empty directory outside the post office where <paramref name="path"/> is; returns that directory.</summary>
    private string LinkToEmptyDirectoryOutside(string path)
    {
        var elsewhere = Directory.CreateDirectory(_outside.Combine("empty-" + Guid.NewGuid().ToString("N"))).FullName;
        if (Directory.Exists(path)) Directory.Delete(path);
        Directory.CreateSymbolicLink(path, elsewhere);
        return elsewhere;
    }

    /// <summary>A complete Maildir outside the post office, holding one message in cur/.</summary>
    private string OutsideMaildirWith(string fileName, string content)
    {
        var maildir = _outside.Combine("elsewhere-" + Guid.NewGuid().ToString("N"));
        foreach (var sub in new[] { "cur", "new", "tmp" }) Directory.CreateDirectory(Path.Combine(maildir, sub));
        File.WriteAllText(Path.Combine(maildir, "cur", fileName), content);
        return maildir;
    }

    private static async Task<List<MessageSummary>> ListAsync(IMailboxSession mailbox, FolderPath folder)
    {
        var listed = new List<MessageSummary>();
        await foreach (var m in mailbox.ListMessagesAsync(folder, TestContext.Current.CancellationToken)) listed.Add(m);
        return listed;
    }

    private static OutgoingMessage Outgoing(IMailboxSession source, MessageSummary m) =>
        new(m.SourceKey, m.Size, m.Flags, m.Keywords, m.InternalDate, m.MessageId, c => source.OpenMessageAsync(m.Folder, m.SourceKey, c));

    /// <summary>The bytes of every file anywhere under the user's Maildir that a mail reader would take for a message.</summary>
    private async Task<List<string>> MessageFilesAsync(string user)
    {
        var contents = new List<string>();
        foreach (var file in Directory.EnumerateFiles(Maildir(user), "*", SearchOption.AllDirectories)
                     .Where(f => Path.GetFileName(Path.GetDirectoryName(f)) is "cur" or "new"))
            contents.Add(await File.ReadAllTextAsync(file, Encoding.UTF8, TestContext.Current.CancellationToken));
        return contents;
    }
}
