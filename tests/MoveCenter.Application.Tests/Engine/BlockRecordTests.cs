using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// A block of the item request spans folders and is recorded once, after its last folder: a block broken off by a
/// failure still records what the target confirmed before it, and leaves the rest in flight to be looked for.
/// </summary>
public sealed class BlockRecordTests : FakeClockEngineTests
{
    private readonly TargetThatFailsOnItsSecondFolder _target = new();

    // The demo's last user has a message that cannot be read; the first has none.
    protected override HostSettings Adjust(HostSettings settings) => settings with { Users = 2, MessagesPerUser = 40 };

    protected override void Decorate(IServiceCollection services) => _target.Install(services);

    [Fact]
    public async Task A_block_broken_off_in_its_second_folder_records_the_first_folders_arrivals_and_sends_the_rest_once_on_the_next_try()
    {
        var moveId = await Engine.QueueAsync(DemoDirectorySeeder.UserName(0));
        await Engine.RunJobAsync<PreflightJob>(moveId);
        await Engine.RunJobAsync<AdminRenameJob>(moveId);
        await Engine.RunJobAsync<InventoryJob>(moveId);
        await Engine.RunJobAsync<ItemRequestJob>(moveId);

        var deferred = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, MovePhase.ItemRequest), (deferred.Status, deferred.Phase));
        var messages = await MessagesAsync(moveId);
        var firstFolder = Assert.Single(_target.Appended);
        Assert.All(messages.Where(i => i.FolderPath == firstFolder), i => Assert.Equal((InventoryState.Moved, false), (i.State, i.InFlight)));
        Assert.All(messages.Where(i => i.FolderPath != firstFolder), i => Assert.Equal((InventoryState.Pending, true), (i.State, i.InFlight)));
        await using (var db = await Engine.Host.DbAsync())
            Assert.Equal(await db.InventoryItems.CountAsync(i => i.MoveId == moveId && i.State == InventoryState.Moved, Ct), deferred.ItemsMoved);

        await Engine.AdvanceToNextTryAsync(moveId);
        await Engine.RunJobAsync<ItemRequestJob>(moveId);

        var moved = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.FinalSync), (moved.Status, moved.Phase));
        Assert.All(await MessagesAsync(moveId), i => Assert.Equal((InventoryState.Moved, false), (i.State, i.InFlight)));
        // Each message was appended once: the first folder's were not sent again, the others' once on the second try.
        Assert.Equal(messages.Count, _target.MessagesAppended);
    }

    private async Task<List<InventoryItem>> MessagesAsync(Guid moveId)
    {
        await using var db = await Engine.Host.DbAsync();
        return await db.InventoryItems.AsNoTracking().Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Message).ToListAsync(Ct);
    }

    /// <summary>The real target, which stops answering when the first block reaches its second folder, once.</summary>
    private sealed class TargetThatFailsOnItsSecondFolder() : MailStoreDouble(DemoDirectorySeeder.TargetPostOffice)
    {
        private bool _failed;

        public List<string> Appended { get; } = [];

        public int MessagesAppended { get; private set; }

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, TargetThatFailsOnItsSecondFolder owner) : DelegatingMailboxSession(inner)
        {
            public override async Task<IReadOnlyList<AppendOutcome>> AppendAsync(
                FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
            {
                if (owner.Appended.Count == 1 && !owner._failed)
                {
                    owner._failed = true;
                    throw new PostOfficeUnavailableException("connection reset by the test");
                }
                var outcomes = await Inner.AppendAsync(folder, messages, cancellationToken);
                if (!owner._failed) owner.Appended.Add(folder.ToString());
                owner.MessagesAppended += outcomes.Count(o => o.Delivered);
                return outcomes;
            }
        }
    }
}
