using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class LargeItemLimitTests : IDisposable
{
    private const string User = "UserA";
    private const long Limit = 64 * 1024;
    private readonly TestDataFolder _data = new();

    [Fact]
    public async Task Messages_over_the_large_item_limit_are_skipped_as_too_large_and_everything_else_moves()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(_data, new HostSettings
        {
            Users = 2,
            MessagesPerUser = 60,
            LargeAttachments = true,
            Configuration = new Dictionary<string, string?> { ["MoveCenter:Engine:LargeItemLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        });
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);

        var moveId = await host.QueueAsync(User);
        // Left behind without an admin's choice, the items make the move Investigate: it waits for approval before its purge.
        var details = await host.ApproveSkippedAsync(await host.WaitUntilSettledAsync(moveId));

        host.AssertStatus(details, MoveStatus.Completed);
        await using var db = await host.DbAsync();
        var messages = await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Message).ToListAsync(ct);
        var tooLarge = messages.Where(i => i.Size > Limit).ToList();
        Assert.NotEmpty(tooLarge);
        Assert.All(tooLarge, i =>
        {
            Assert.Equal((InventoryState.Skipped, InventoryBuilder.SizeLimitActor), (i.State, i.SkippedBy));
            Assert.StartsWith("too large: ", i.LastError);
            Assert.Equal(0, i.Attempts);
        });
        Assert.All(messages.Except(tooLarge), i => Assert.Equal(InventoryState.Moved, i.State));
        Assert.Equal(tooLarge.Count, details.Summary.ItemsSkipped);
        Assert.Contains(details.History, h => h.Kind == MoveEventKind.ItemSkipped && h.Message.Contains("skipped as too large", StringComparison.Ordinal));

        var after = await MailboxSnapshot.TakeAsync(host.TargetRoot, User);
        Assert.Equal(before.Messages.Count - tooLarge.Count, after.Messages.Count);
        Assert.Subset(before.Messages.Select(m => m.ToString()).ToHashSet(), after.Messages.Select(m => m.ToString()).ToHashSet());
    }

    public void Dispose() => _data.Dispose();
}
