using MailKit;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>
/// Folders on a real Cyrus IMAP in both of its namespaces, written and read through the connector and checked through
/// an independent IMAP session that sees Cyrus's own full names.
/// </summary>
public sealed class CyrusFolderTests(CyrusServers servers) : IClassFixture<CyrusServers>
{
    private static readonly DateTimeOffset Date = new(2021, 3, 4, 5, 6, 7, TimeSpan.FromHours(2));

    private static readonly FolderPath[] Paths = [FolderPath.Of("Corpus"), FolderPath.Of("Projects", "Alpha", "Specs"), FolderPath.Of("日本語", "Ünterordner")];

    [Theory]
    [InlineData(false, "INBOX.Corpus", "INBOX.Projects.Alpha.Specs", "INBOX.日本語.Ünterordner")]
    [InlineData(true, "Corpus", "Projects/Alpha/Specs", "日本語/Ünterordner")]
    public async Task Folders_made_on_Cyrus_take_its_namespace_prefix_and_delimiter_and_hold_what_is_appended_to_them(
        bool alternativeNamespace, string corpus, string nested, string nonAscii)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await NewUserAsync(cyrus);

        await using (var mailbox = await OpenAsync(cyrus, user))
        {
            foreach (var path in Paths)
            {
                await mailbox.EnsureFolderAsync(new MailFolder(path, true), ct);
                var outcome = Assert.Single(await mailbox.AppendAsync(path, [Outgoing(path.ToString(), Message(path.ToString()), Date)], ct));
                Assert.True(outcome.Delivered, outcome.Error);
            }
        }

        Assert.Superset(new HashSet<string> { corpus, nested, nonAscii }, (await ServerNamesAsync(cyrus, user)).ToHashSet());
        var snapshot = await ImapMailboxReader.SnapshotAsync(cyrus, user);
        Assert.Equal(Paths.Select(p => p.ToString()).Order(StringComparer.Ordinal), snapshot.Messages.Select(m => m.Folder).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Folders_Cyrus_holds_are_listed_below_its_namespace_prefix_as_the_same_paths_without_the_shared_folders_it_shows(bool alternativeNamespace)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await NewUserAsync(cyrus);
        // A folder outside any user's mailbox, which every user may see (Cyrus's default ACL "anyone lrs").
        using (var admin = await ImapMailboxReader.LoginAsAdminAsync(cyrus))
            await admin.GetFolder(admin.SharedNamespaces[0]).CreateAsync($"shared-{user}", isMessageFolder: true, ct);
        using (var client = await ImapMailboxReader.LoginAsync(cyrus, user))
        {
            var personal = client.PersonalNamespaces[0];
            var root = client.GetFolder(personal);
            var sub = await root.CreateAsync("Sub", isMessageFolder: true, ct);
            await sub!.CreateAsync("Kind", isMessageFolder: true, ct);
            await root.CreateAsync("Grüße", isMessageFolder: true, ct);
        }

        await using var mailbox = await OpenAsync(cyrus, user);
        var listed = (await mailbox.ListFoldersAsync(ct)).Select(f => f.Path.ToString()).ToList();

        Assert.Equal(["", "Grüße", "Sub", "Sub/Kind"], listed.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Flags_keywords_and_a_one_digit_day_INTERNALDATE_survive_Dovecot_to_Cyrus_to_Dovecot(bool alternativeNamespace)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await NewUserAsync(servers.Dovecot, cyrus);
        var back = await NewUserAsync(servers.Dovecot);
        await using (var dovecot = await OpenAsync(servers.Dovecot, user))
        {
            await dovecot.EnsureFolderAsync(new MailFolder(FolderPath.Of("Projects", "Alpha"), false), ct);
            var outcomes = await dovecot.AppendAsync(FolderPath.Of("Projects", "Alpha"),
            [
                Outgoing("a", Message("a"), Date, flags: MessageFlags.Seen | MessageFlags.Answered | MessageFlags.Flagged),
                Outgoing("b", Message("b"), Date.AddDays(20), flags: MessageFlags.Draft, keywords: ["$Forwarded", "$Junk", "Project-X"]),
                Outgoing("c", Message("c"), Date.AddYears(-30), keywords: ["$NotJunk", "$MDNSent"]),
            ], ct);
            Assert.All(outcomes, o => Assert.True(o.Delivered, o.Error));
        }
        var before = await ImapMailboxReader.SnapshotAsync(servers.Dovecot, user);

        await using (var dovecot = await OpenAsync(servers.Dovecot, user))
        await using (var target = await OpenAsync(cyrus, user))
            await CopyAsync(dovecot, target);
        await using (var source = await OpenAsync(cyrus, user))
        await using (var dovecot = await OpenAsync(servers.Dovecot, back))
            await CopyAsync(source, dovecot);

        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(cyrus, user));
        before.AssertSameMail(await ImapMailboxReader.SnapshotAsync(servers.Dovecot, back));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Special_use_folders_are_made_on_Cyrus_with_their_role_and_read_back_with_it(bool alternativeNamespace)
    {
        var ct = TestContext.Current.CancellationToken;
        var cyrus = servers.Cyrus(alternativeNamespace);
        var user = await NewUserAsync(servers.Dovecot, cyrus);
        var back = await NewUserAsync(servers.Dovecot);

        await using (var dovecot = await OpenAsync(servers.Dovecot, user))
        {
            foreach (var name in new[] { "Sent", "Drafts", "Trash", "Junk", "Archive" })
                await dovecot.EnsureFolderAsync(new MailFolder(FolderPath.Of(name), true), ct);
            await using var target = await OpenAsync(cyrus, user);
            await CopyAsync(dovecot, target);
        }

        using (var client = await ImapMailboxReader.LoginAsync(cyrus, user))
        {
            var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: ct);
            var prefix = alternativeNamespace ? "" : "INBOX.";
            Assert.True(folders.Single(f => f.FullName == prefix + "Sent").Attributes.HasFlag(FolderAttributes.Sent));
            Assert.True(folders.Single(f => f.FullName == prefix + "Drafts").Attributes.HasFlag(FolderAttributes.Drafts));
            Assert.True(folders.Single(f => f.FullName == prefix + "Trash").Attributes.HasFlag(FolderAttributes.Trash));
            Assert.True(folders.Single(f => f.FullName == prefix + "Junk").Attributes.HasFlag(FolderAttributes.Junk));
            Assert.True(folders.Single(f => f.FullName == prefix + "Archive").Attributes.HasFlag(FolderAttributes.Archive));
        }
        await using var cyrusSource = await OpenAsync(cyrus, user);
        var roles = (await cyrusSource.ListFoldersAsync(ct)).ToDictionary(f => f.Path.ToString(), f => f.SpecialUse);
        Assert.Equal(SpecialUse.Sent, roles["Sent"]);
        Assert.Equal(SpecialUse.Archive, roles["Archive"]);
        await using var dovecotTarget = await OpenAsync(servers.Dovecot, back);
        await CopyAsync(cyrusSource, dovecotTarget);
        Assert.Equal(
            (await ImapMailboxReader.SnapshotAsync(servers.Dovecot, user)).Folders,
            (await ImapMailboxReader.SnapshotAsync(servers.Dovecot, back)).Folders);
    }

    [Fact]
    public async Task A_dot_in_a_folder_name_of_Cyrus_alternative_namespace_is_refused_by_Debians_namespace_naming_the_delimiter_and_by_Dovecot_in_its_words()
    {
        var ct = TestContext.Current.CancellationToken;
        var user = await NewUserAsync(servers.Dovecot, servers.Cyrus(false), servers.Cyrus(true));
        var dotted = new MailFolder(FolderPath.Of("Releases", "v1.2"), true);
        await using (var alternative = await OpenAsync(servers.Cyrus(true), user))
            await alternative.EnsureFolderAsync(dotted, ct);
        await using var source = await OpenAsync(servers.Cyrus(true), user);
        await using var debian = await OpenAsync(servers.Cyrus(false), user);
        await using var dovecot = await OpenAsync(servers.Dovecot, user);

        var listed = (await source.ListFoldersAsync(ct)).Select(f => f.Path).ToList();
        var byDelimiter = await Assert.ThrowsAsync<UnsupportedFolderNameException>(() => debian.EnsureFolderAsync(dotted, ct));
        var byDovecot = await Assert.ThrowsAsync<MailboxAccessException>(() => dovecot.EnsureFolderAsync(dotted, ct));

        Assert.Contains(dotted.Path, listed);
        Assert.Contains("delimiter '.'", byDelimiter.Message);
        Assert.Contains("Character not allowed in mailbox name: '.'", byDovecot.Message);
    }

    private static async Task<List<string>> ServerNamesAsync(CyrusServer cyrus, string user)
    {
        using var client = await ImapMailboxReader.LoginAsync(cyrus, user);
        var folders = await client.GetFoldersAsync(client.PersonalNamespaces[0], cancellationToken: TestContext.Current.CancellationToken);
        return folders.Select(f => f.FullName).ToList();
    }

    private static byte[] Message(string subject) =>
        System.Text.Encoding.UTF8.GetBytes($"Message-ID: <{Guid.NewGuid():N}@cyrus.example>\r\nSubject: {subject}\r\n\r\nbody\r\n");
}
