using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Testing;
using MoveCenter.Connectors;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class PreflightTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task A_target_mailbox_that_already_holds_mail_fails_the_move_in_preflight_and_leaves_both_sides_and_the_directory_untouched()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data);
        await using (var existing = await new MaildirMailStore(host.TargetRoot, NullLogger.Instance).OpenMailboxAsync(User, ct))
        {
            await existing.CreateAsync(ct);
            var body = "Subject: already here\r\n\r\nhello\r\n"u8.ToArray();
            var outcome = await existing.AppendAsync(FolderPath.Inbox,
                [new OutgoingMessage("1600000000.existing", body.Length, MessageFlags.Seen, [], DateTimeOffset.FromUnixTimeSeconds(1600000000), null,
                    _ => Task.FromResult<Stream>(new MemoryStream(body)))], ct);
            Assert.True(outcome.Single().Delivered);
        }
        var sourceBefore = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);
        var targetBefore = await MailboxSnapshot.TakeAsync(host.TargetRoot, User);
        var source = await host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Failed);
        Assert.StartsWith("Preflight:", details.Summary.LastError);
        Assert.Contains(DemoDirectorySeeder.TargetPostOffice, details.Summary.LastError);
        Assert.Equal(MovePhase.Preflight, details.Summary.Phase);
        sourceBefore.AssertSameMail(await MailboxSnapshot.TakeAsync(host.SourceRoot, User));
        targetBefore.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, User));

        await using var db = await host.DbAsync();
        var user = await db.DirectoryUsers.AsNoTracking().SingleAsync(u => u.UserId == User, ct);
        Assert.Equal(source.Id, user.PostOfficeId);
        Assert.False(user.InTransit);
        Assert.False(await db.Nicknames.AnyAsync(n => n.UserId == User, ct));
        Assert.False(await db.InventoryItems.AnyAsync(i => i.MoveId == moveId, ct));
    }

    public void Dispose() => _data.Dispose();
}
