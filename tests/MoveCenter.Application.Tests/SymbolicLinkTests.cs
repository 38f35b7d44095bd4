using System.Text;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class SymbolicLinkTests : IDisposable
{
    private const string User = "UserA";
    private const string LinkedMessage = "1600000000.M9P9.host,S=60";
    private const string Secret = "Subject: db password\r\n\r\nhunter2\r\n";
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_move_completes_with_the_source_s_links_skipped_and_named_and_nothing_they_point_to_reaches_the_target_or_is_purged()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data, new HostSettings { Users = 2, MessagesPerUser = 30 });
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);
        var maildir = Path.Combine(host.SourceRoot, User);
        var secret = Path.Combine(_data.Path, "secret.txt");
        await File.WriteAllTextAsync(secret, Secret, ct);
        // What a user with a shell on the old server could plant: the service's own database as a message, a folder
        // elsewhere on the disk, and a Sieve script that is someone else's file.
        File.CreateSymbolicLink(Path.Combine(maildir, "cur", LinkedMessage + ":2,S"), _data.DatabaseFile);
        var elsewhere = System.IO.Directory.CreateDirectory(Path.Combine(_data.Path, "elsewhere")).FullName;
        foreach (var sub in new[] { "cur", "new", "tmp" }) System.IO.Directory.CreateDirectory(Path.Combine(elsewhere, sub));
        File.CreateSymbolicLink(Path.Combine(elsewhere, "cur", "1600000001.M1P1.host:2,S"), secret);
        System.IO.Directory.CreateSymbolicLink(Path.Combine(maildir, ".Leak"), elsewhere);
        File.CreateSymbolicLink(Path.Combine(System.IO.Directory.CreateDirectory(Path.Combine(maildir, "sieve")).FullName, "leak.sieve"), secret);

        var moveId = await host.QueueAsync(User);
        // Left behind by the engine, the links make the move Investigate: it waits for approval before its purge.
        var details = await host.ApproveSkippedAsync(await host.WaitUntilSettledAsync(moveId));

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, User));
        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(host.TargetRoot, User), "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(file, ct);
            Assert.False(bytes.AsSpan().StartsWith("SQLite format 3\0"u8), $"{file} is a copy of the database");
            Assert.DoesNotContain("hunter2", Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
        }

        await using var db = await host.DbAsync();
        var skipped = await db.InventoryItems.AsNoTracking()
            .Where(i => i.MoveId == moveId && i.State == InventoryState.Skipped)
            .OrderBy(i => i.Sequence)
            .Select(i => new { i.Kind, i.FolderPath, i.SourceKey, i.SkippedBy, i.LastError, i.Attempts })
            .ToListAsync(ct);
        const string Reason = "a symbolic link, not moved";
        Assert.Equal(
            [
                new { Kind = InventoryKind.Folder, FolderPath = "Leak", SourceKey = "", SkippedBy = (string?)InventoryBuilder.SourceRefusalActor, LastError = (string?)Reason, Attempts = 0 },
                new { Kind = InventoryKind.Message, FolderPath = "", SourceKey = LinkedMessage, SkippedBy = (string?)InventoryBuilder.SourceRefusalActor, LastError = (string?)Reason, Attempts = 0 },
                new { Kind = InventoryKind.Rule, FolderPath = "", SourceKey = "leak", SkippedBy = (string?)InventoryBuilder.SourceRefusalActor, LastError = (string?)Reason, Attempts = 0 },
            ],
            skipped);
        Assert.Equal(3, details.Summary.ItemsSkipped);
        var note = Assert.Single(details.History, h => h.Kind == MoveEventKind.ItemSkipped);
        Assert.Equal(
            $"3 items the source post office will not hand over skipped: the folder Leak, with whatever it holds ({Reason}); " +
            $"{LinkedMessage} in Inbox ({Reason}); Sieve script leak ({Reason}).", note.Message);

        Assert.False(System.IO.Directory.Exists(maildir), "the source is purged");
        Assert.Equal(Secret, await File.ReadAllTextAsync(secret, ct));
        Assert.True(File.Exists(Path.Combine(elsewhere, "cur", "1600000001.M1P1.host:2,S")), "the purge removed the link, not the folder it pointed to");
    }

    public void Dispose() => _data.Dispose();
}
