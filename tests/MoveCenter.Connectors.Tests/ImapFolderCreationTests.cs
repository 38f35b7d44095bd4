using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Connectors.Imap;
using MoveCenter.Testing;
using Xunit;
using static MoveCenter.Connectors.Tests.ImapTesting;

namespace MoveCenter.Connectors.Tests;

/// <summary>
/// What creating a mailbox's folder tree at a real Dovecot asks of the server: a small mailbox's move is mostly this,
/// so every command here is paid a thousand times in a batch. Dovecot's own record of the session (its rawlog) says
/// what was sent.
/// </summary>
public sealed class ImapFolderCreationTests(DovecotPairFixture dovecot) : IClassFixture<DovecotPairFixture>
{
    private const string WholeTree = "LIST \"\" \"*\"";

    private static readonly MailFolder[] Tree =
    [
        new(FolderPath.Of("Sent"), true, SpecialUse.Sent),
        new(FolderPath.Of("Drafts"), true, SpecialUse.Drafts),
        new(FolderPath.Of("Archive"), true, SpecialUse.Archive),
        new(FolderPath.Of("Archive", "2020"), true),
        new(FolderPath.Of("Projects", "Alpha"), false),
        new(FolderPath.Of("Junk"), false, SpecialUse.Junk),
        new(FolderPath.Of("Trash"), true, SpecialUse.Trash),
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_folder_tree_with_roles_is_created_with_one_listing_of_the_tree_and_one_create_per_folder()
    {
        var user = await NewUserAsync(dovecot.A);
        dovecot.A.RecordCommandsOf(user);

        await using (var target = await OpenAsync(dovecot.A, user))
            foreach (var folder in Tree) await target.EnsureFolderAsync(folder, Ct);

        var commands = dovecot.A.CommandsOf(user);
        Assert.Single(commands, c => c.StartsWith(WholeTree, StringComparison.Ordinal));
        Assert.DoesNotContain(commands, c => c.StartsWith("LIST \"\" \"", StringComparison.Ordinal) && c.Contains("%\"", StringComparison.Ordinal));
        Assert.Equal(["Archive", "Archive/2020", "Drafts", "Junk", "Projects", "Projects/Alpha", "Sent", "Trash"],
            commands.Where(c => c.StartsWith("CREATE ", StringComparison.Ordinal)).Select(c => c["CREATE ".Length..]).Order(StringComparer.Ordinal));
        await using var check = await OpenAsync(dovecot.A, user);
        var created = await check.ListFoldersAsync(Ct);
        Assert.All(Tree, folder => Assert.Contains(folder, created));
    }

    [Fact]
    public async Task A_folder_with_a_role_lands_in_the_folder_this_session_just_gave_that_role()
    {
        var user = await NewUserAsync(dovecot.A);
        dovecot.A.RecordCommandsOf(user);
        var sentItems = FolderPath.Of("Sent Items");
        var message = "Message-ID: <sent-2@example.org>\r\nSubject: sent\r\n\r\nhello\r\n"u8.ToArray();

        await using (var target = await OpenAsync(dovecot.A, user))
        {
            await target.EnsureFolderAsync(new MailFolder(FolderPath.Of("Drafts"), true, SpecialUse.Drafts), Ct);
            // Dovecot gives "Sent" its role by configuration: only the answer to the CREATE says so.
            await target.EnsureFolderAsync(new MailFolder(FolderPath.Of("Sent"), true, SpecialUse.Sent), Ct);
            await target.EnsureFolderAsync(new MailFolder(sentItems, true, SpecialUse.Sent), Ct);
            var outcome = Assert.Single(await target.AppendAsync(sentItems, [Outgoing("s2", message, DateTimeOffset.UnixEpoch, "sent-2@example.org")], Ct));
            Assert.True(outcome.Delivered, outcome.Error);
        }

        Assert.Single(dovecot.A.CommandsOf(user), c => c.StartsWith(WholeTree, StringComparison.Ordinal));
        await using var check = await OpenAsync(dovecot.A, user);
        Assert.DoesNotContain(await check.ListFoldersAsync(Ct), f => f.Path == sentItems);
        Assert.Single(await ListAsync(check, FolderPath.Of("Sent")));
    }

    [Fact]
    public async Task A_session_on_a_reused_connection_creates_a_folder_another_session_deleted_once_it_has_listed_the_tree()
    {
        var user = await NewUserAsync(dovecot.A);
        dovecot.A.RecordCommandsOf(user);
        await using var pool = new ImapConnectionPool(TimeProvider.System, NullLogger<ImapConnectionPool>.Instance);
        var store = Store(dovecot.A, pool);
        var lists = FolderPath.Of("Lists");
        await using (var first = await store.OpenMailboxAsync(user, Ct))
        {
            await first.EnsureFolderAsync(new MailFolder(lists, true), Ct);
            Assert.Contains(await first.ListFoldersAsync(Ct), f => f.Path == lists);
        }
        await using (var other = await OpenAsync(dovecot.A, user))
            await other.DeleteFolderAsync(lists, Ct);

        await using (var reused = await store.OpenMailboxAsync(user, Ct))
        {
            await reused.EnsureFolderAsync(new MailFolder(FolderPath.Of("Trash"), true, SpecialUse.Trash), Ct);
            await reused.EnsureFolderAsync(new MailFolder(lists, true), Ct);
        }

        // Two connections so far: the third session ran on the first one's.
        Assert.Equal(2, dovecot.A.SessionsOf(user));
        await using var check = await OpenAsync(dovecot.A, user);
        Assert.Contains(new MailFolder(lists, true), await check.ListFoldersAsync(Ct));
    }
}
