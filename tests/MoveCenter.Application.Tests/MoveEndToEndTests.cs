using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Testing;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests;

public sealed class MoveEndToEndTests : IDisposable
{
    private const string User = "UserA";
    private readonly TestDataFolder _data = new();

    [Fact]
    public Task A_move_carries_every_message_folder_and_subscription_to_the_target_then_purges_the_source() => MoveEverythingAsync(_data);

    /// <summary>Also run on every server database by <see cref="ServerDatabaseEngineTests"/>.</summary>
    internal static async Task MoveEverythingAsync(TestDataFolder data)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await MoveCenterHost.StartAsync(data);
        // Taken before the move: the purge deletes the source.
        var before = await MailboxSnapshot.TakeAsync(host.SourceRoot, User);
        Assert.Contains(before.Folders, f => f.Path == "日本語");
        Assert.Contains(before.Folders, f => !f.Subscribed);

        var moveId = await host.QueueAsync(User);
        var details = await host.WaitUntilSettledAsync(moveId);

        host.AssertStatus(details, MoveStatus.Completed);
        before.AssertSameMail(await MailboxSnapshot.TakeAsync(host.TargetRoot, User));
        Assert.False(System.IO.Directory.Exists(data.MailboxPath(DemoDirectorySeeder.SourcePostOffice, User)), "the source mailbox was not purged");

        var source = await host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        var target = await host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice);
        await using var db = await host.DbAsync();
        var user = await db.DirectoryUsers.AsNoTracking().SingleAsync(u => u.UserId == User, ct);
        Assert.Equal(target.Id, user.PostOfficeId);
        Assert.False(user.InTransit);
        Assert.True(await db.Nicknames.AnyAsync(n => n.UserId == User && n.PostOfficeId == source.Id, ct));

        foreach (var phase in new[] { MovePhase.Preflight, MovePhase.AdminRename, MovePhase.Inventory, MovePhase.ItemRequest, MovePhase.FinalSync, MovePhase.Purge })
        {
            Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseStarted && h.Message.StartsWith(phase.DisplayName() + " ", StringComparison.Ordinal));
            Assert.Contains(details.History, h => h.Kind == MoveEventKind.PhaseCompleted && h.Message.StartsWith(phase.DisplayName() + " completed", StringComparison.Ordinal));
        }
        Assert.Equal(MoveEventKind.Completed, details.History[^1].Kind);

        var itemCount = before.Messages.Count + before.Folders.Count;
        Assert.Equal(itemCount, await db.MigratedItems.CountAsync(m => m.MoveId == moveId, ct));
        var states = await db.InventoryItems.Where(i => i.MoveId == moveId).Select(i => i.State).ToListAsync(ct);
        Assert.Equal(itemCount, states.Count);
        Assert.All(states, s => Assert.Equal(InventoryState.Moved, s));
        Assert.Equal(itemCount, details.Summary.ItemsMoved);
        Assert.Equal(0, details.Summary.ItemsRemaining);
    }

    public void Dispose() => _data.Dispose();
}
