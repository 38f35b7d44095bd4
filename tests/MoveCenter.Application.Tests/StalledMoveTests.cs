using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
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

    /// <summary>The inventory knows a Maildir message by its base name, without the ":2,flags" info.</summary>
    private static string MaildirFileName(string fileName) => fileName[..fileName.IndexOf(':')];

    public void Dispose() => _data.Dispose();
}
