using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>A worker that lost its lease while it listed the source adds no inventory rows for the move.</summary>
public sealed class InventoryFencingTests : FakeClockEngineTests
{
    private readonly SourceListing _source = new();

    protected override void Decorate(IServiceCollection services) => _source.Install(services);

    [Fact]
    public async Task An_inventory_whose_lease_is_taken_over_while_it_lists_the_source_stores_nothing()
    {
        var moveId = await Engine.QueueAsync();
        await Engine.RunJobAsync<PreflightJob>(moveId);
        await Engine.RunJobAsync<AdminRenameJob>(moveId);
        var move = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.Inventory), (move.Status, move.Phase));

        var lease = (await Engine.Leases.TryAcquireAsync(moveId, Ct))!;
        var context = new PhaseContext(moveId, move.UserId, await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice),
            await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice), move.Options, lease);
        _source.AfterFirstMessage = async () =>
        {
            Engine.Clock.Advance(Engine.Options.LeaseDuration + TimeSpan.FromSeconds(1));
            Assert.NotNull(await Engine.OtherWorkersLeases().TryAcquireAsync(moveId, Ct));
        };

        await Assert.ThrowsAsync<LeaseLostException>(() => Engine.Host.Services.GetRequiredService<InventoryBuilder>().TakeAsync(context, Ct));

        await using var db = await Engine.Host.DbAsync();
        Assert.Equal(0, await db.InventoryItems.CountAsync(i => i.MoveId == moveId, Ct));
        Assert.Null((await Engine.MoveAsync(moveId)).InventoryTakenAt);
    }

    /// <summary>The real source listing, with a moment after its first message where the test takes the lease away.</summary>
    private sealed class SourceListing() : MailStoreDouble(DemoDirectorySeeder.SourcePostOffice)
    {
        public Func<Task>? AfterFirstMessage { get; set; }

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, SourceListing owner) : DelegatingMailboxSession(inner)
        {
            public override async IAsyncEnumerable<MessageSummary> ListMessagesAsync(
                FolderPath folder, Func<string, bool> wanted, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in Inner.ListMessagesAsync(folder, wanted, cancellationToken))
                {
                    yield return message;
                    if (owner.AfterFirstMessage is not { } takeOver) continue;
                    owner.AfterFirstMessage = null;
                    await takeOver();
                }
            }
        }
    }
}
