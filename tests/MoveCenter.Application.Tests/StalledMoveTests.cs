using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Testing;
using MoveCenter.Connectors.Maildir;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class StalledMoveTests : IDisposable
{
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task An_unreadable_item_stalls_the_move_naming_the_item_and_the_admin_actions_after_everything_else_moved()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new HostSettings();
        var user = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, user);
        var unreadableKey = MaildirFileName(MaildirDemoItems.UnreadableItemName);
        Assert.Equal([unreadableKey], before.UnreadableKeys);

        var moveId = await host.QueueAsync(user);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Stalled);
        var reason = details.Summary.WaitReason ?? "";
        Assert.Contains(unreadableKey, reason);
        Assert.Contains("Inbox", reason);
        Assert.Contains("Skip", reason);
        Assert.Contains("Force Complete", reason);
        Assert.Contains("Retry", reason);
        Assert.Equal(MovePhase.ItemRequest, details.Summary.Phase);

        // Everything readable is at the target; the source keeps everything, the unreadable item included.
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, user));
        var sourceAfter = await MailboxSnapshot.TakeAsync(host.SourceRoot, user);
        before.AssertSameMail(sourceAfter);
        Assert.Equal(before.UnreadableKeys, sourceAfter.UnreadableKeys);

        await using var db = await host.DbAsync();
        var failed = await db.InventoryItems.AsNoTracking().SingleAsync(i => i.MoveId == moveId && i.State == InventoryState.Failed, ct);
        Assert.Equal(unreadableKey, failed.SourceKey);
        Assert.Equal(MoveOptions.DefaultBadItemLimit, failed.Attempts);
        Assert.Equal(0, await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.State == InventoryState.Pending, ct));
    }

    [Fact]
    public async Task Force_complete_skips_the_bad_item_but_still_moves_mail_that_reached_the_source_after_the_inventory()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new HostSettings();
        var user = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var moveId = await host.QueueAsync(user);
        host.AssertStatus(await host.WaitUntilSettledAsync(moveId), MoveStatus.Stalled);

        // New mail delivered to the old mailbox while the move waited for an admin.
        var lateMail = "Subject: arrived while stalled\r\nMessage-ID: <late@dom1.example>\r\n\r\nstill here\r\n"u8.ToArray();
        var lateFile = Path.Combine(host.SourceRoot, user, "new", "1800000000.late.dom1");
        await File.WriteAllBytesAsync(lateFile, lateMail, ct);

        await host.Services.GetRequiredService<ForceCompleteMoveHandler>().HandleAsync(moveId, "admin-7", ct);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        Assert.Equal(1, details.Summary.ItemsSkipped);
        var target = await MailboxSnapshot.TakeAsync(host.TargetRoot, user);
        Assert.Contains(target.Messages, m => m.Sha256 == Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(lateMail)));
        Assert.False(System.IO.Directory.Exists(Path.Combine(host.SourceRoot, user)), "the source is purged once the late mail is at the target");
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.AdminAction && h.Actor == "admin-7" && h.Message.StartsWith("Force Complete"));
    }

    [Fact]
    public async Task A_stalled_move_is_re_examined_on_the_deferred_schedule_with_fresh_attempts_then_fails_with_retries_exhausted()
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = new HostSettings
        {
            Configuration = new Dictionary<string, string?>
            {
                ["MoveCenter:Engine:Retry:DeferredInterval"] = "00:00:00.500",
                ["MoveCenter:Engine:Retry:DeferredTries"] = "2",
            },
        };
        var user = MoveCenterHost.LastUser(settings);
        await using var host = await MoveCenterHost.StartAsync(_data, settings);
        var moveId = await host.QueueAsync(user);

        var details = await host.WaitForAsync(moveId, m => m.Status.IsTerminal(), "to fail once its re-examinations are used up");

        host.AssertStatus(details, MoveStatus.Failed);
        Assert.StartsWith("Retries exhausted after 2 deferred tries: Item ", details.Summary.LastError);
        Assert.Equal(["Deferred re-examination 1 of 2", "Deferred re-examination 2 of 2"],
            details.History.Where(h => h.Kind == MoveEventKind.Retry).Select(h => h.Message[..h.Message.IndexOf(':')]));
        Assert.Equal(2, details.History.Count(h => h.Kind == MoveEventKind.Stalled));
        // Each look gave the unreadable item a fresh set of attempts.
        Assert.Equal(3 * MoveOptions.DefaultBadItemLimit, details.History.Count(h => h.Kind == MoveEventKind.ItemFailed));
        await using var db = await host.DbAsync();
        Assert.Equal(MoveOptions.DefaultBadItemLimit, (await db.InventoryItems.AsNoTracking().SingleAsync(i => i.MoveId == moveId && i.State == InventoryState.Failed, ct)).Attempts);
    }

    /// <summary>The inventory knows a Maildir message by its base name, without the ":2,flags" info.</summary>
    private static string MaildirFileName(string fileName) => fileName[..fileName.IndexOf(':')];

    public void Dispose() => _data.Dispose();
}
