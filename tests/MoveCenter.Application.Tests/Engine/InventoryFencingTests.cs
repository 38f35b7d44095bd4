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
public sealed class InventoryFencingTests : IAsyncLifetime
{
    private readonly TestDataFolder _data = new();
    private readonly SourceListing _source = new();
    private FakeClockEngine _engine = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _engine = await FakeClockEngine.StartAsync(_data, _source.Install);

    [Fact]
    public async Task An_inventory_whose_lease_is_taken_over_while_it_lists_the_source_stores_nothing()
    {
        var moveId = await _engine.QueueAsync();
        await _engine.RunJobAsync<PreflightJob>(moveId);
        await _engine.RunJobAsync<AdminRenameJob>(moveId);
        var move = await _engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.Inventory), (move.Status, move.Phase));

        var lease = (await _engine.Leases.TryAcquireAsync(moveId, Ct))!;
        var context = new PhaseContext(moveId, move.UserId, await _engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice),
            await _engine.Host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice), move.Options, lease);
        _source.AfterFirstMessage = async () =>
        {
            _engine.Clock.Advance(_engine.Options.LeaseDuration + TimeSpan.FromSeconds(1));
            Assert.NotNull(await _engine.OtherWorkersLeases().TryAcquireAsync(moveId, Ct));
        };

        await Assert.ThrowsAsync<LeaseLostException>(() => _engine.Host.Services.GetRequiredService<InventoryBuilder>().TakeAsync(context, Ct));

        await using var db = await _engine.Host.DbAsync();
        Assert.Equal(0, await db.InventoryItems.CountAsync(i => i.MoveId == moveId, Ct));
        Assert.Null((await _engine.MoveAsync(moveId)).InventoryTakenAt);
    }

    /// <summary>The real source listing, with a moment after its first message where the test takes the lease away.</summary>
    private sealed class SourceListing() : MailStoreDouble(DemoDirectorySeeder.SourcePostOffice)
    {
        public Func<Task>? AfterFirstMessage { get; set; }

        protected override IMailboxSession Wrap(IMailboxSession session) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, SourceListing owner) : DelegatingMailboxSession(inner)
        {
            public override async IAsyncEnumerable<MessageSummary> ListMessagesAsync(FolderPath folder, [EnumeratorCancellation] CancellationToken cancellationToken)
            {
                await foreach (var message in Inner.ListMessagesAsync(folder, cancellationToken))
                {
                    yield return message;
                    if (owner.AfterFirstMessage is not { } takeOver) continue;
                    owner.AfterFirstMessage = null;
                    await takeOver();
                }
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _engine.DisposeAsync();
        _data.Dispose();
    }
}
