using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>Invariant 4, one executor per move: the lease and its fencing token on a real SQLite database, under a fake clock.</summary>
public sealed class MoveLeaseTests : FakeClockEngineTests
{
    private MoveLeases _first = null!;
    private MoveLeases _second = null!;
    private Guid _moveId;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        _first = Engine.Leases;
        _second = Engine.OtherWorkersLeases();
        _moveId = await Engine.QueueAsync();
    }

    [Fact]
    public async Task A_lease_goes_to_one_worker_and_another_is_refused_until_it_expires()
    {
        var lease = await _first.TryAcquireAsync(_moveId, Ct);

        Assert.NotNull(lease);
        Assert.Null(await _second.TryAcquireAsync(_moveId, Ct));
        Engine.Clock.Advance(Engine.Options.LeaseDuration);
        Assert.Null(await _second.TryAcquireAsync(_moveId, Ct));
        Assert.True(await HeldAsync(lease));
    }

    [Fact]
    public async Task Renewal_keeps_the_lease_past_its_first_expiry()
    {
        var lease = (await _first.TryAcquireAsync(_moveId, Ct))!;
        var duration = Engine.Options.LeaseDuration;

        for (var beat = 0; beat < 5; beat++)
        {
            Engine.Clock.Advance(duration * 2 / 3);
            Assert.True(await _first.RenewAsync(lease, Ct));
        }

        Assert.Null(await _second.TryAcquireAsync(_moveId, Ct));
        Assert.True(await HeldAsync(lease));
    }

    [Fact]
    public async Task An_expired_lease_is_taken_over_with_a_new_fencing_token_and_the_old_holder_can_neither_renew_nor_write()
    {
        var old = (await _first.TryAcquireAsync(_moveId, Ct))!;
        // The old holder loaded the move before it lost the lease; it still has a change to save.
        await using var stale = await Engine.Host.DbAsync();
        var move = await stale.LoadLeasedAsync(old, Ct);
        move.Note(Engine.Now, MoveEventKind.Note, "written by a worker that lost its lease");
        stale.InventoryItems.Add(new InventoryItem(_moveId, 0, InventoryKind.Folder, "", "", 0));

        Engine.Clock.Advance(Engine.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        var current = await _second.TryAcquireAsync(_moveId, Ct);

        Assert.NotNull(current);
        Assert.Equal(old.Token + 1, current.Token);
        Assert.False(await _first.RenewAsync(old, Ct));
        Assert.False(await HeldAsync(old));
        await Assert.ThrowsAsync<LeaseLostException>(() => stale.SaveFencedAsync(old, Ct));
        await using (var fresh = await Engine.Host.DbAsync())
            await Assert.ThrowsAsync<LeaseLostException>(() => fresh.LoadLeasedAsync(old, Ct));
        await using var check = await Engine.Host.DbAsync();
        Assert.False(await check.MoveEvents.AnyAsync(e => e.MoveId == _moveId && e.Message.StartsWith("written by"), Ct));
        Assert.False(await check.InventoryItems.AnyAsync(i => i.MoveId == _moveId, Ct));
        Assert.True(await HeldAsync(current));
    }

    [Fact]
    public async Task A_fenced_save_that_changes_only_other_rows_is_still_refused_after_a_takeover()
    {
        var old = (await _first.TryAcquireAsync(_moveId, Ct))!;
        await using var stale = await Engine.Host.DbAsync();
        await stale.LoadLeasedAsync(old, Ct);
        stale.InventoryItems.Add(new InventoryItem(_moveId, 0, InventoryKind.Folder, "", "", 0));

        Engine.Clock.Advance(Engine.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.NotNull(await _second.TryAcquireAsync(_moveId, Ct));

        await Assert.ThrowsAsync<LeaseLostException>(() => stale.SaveFencedAsync(old, Ct));
        await using var check = await Engine.Host.DbAsync();
        Assert.False(await check.InventoryItems.AnyAsync(i => i.MoveId == _moveId, Ct));
    }

    [Fact]
    public async Task Release_lets_another_worker_take_the_move_at_once_and_a_stale_release_frees_nothing()
    {
        var old = (await _first.TryAcquireAsync(_moveId, Ct))!;
        await _first.ReleaseAsync(old, Ct);

        var current = await _second.TryAcquireAsync(_moveId, Ct);
        Assert.NotNull(current);

        await _first.ReleaseAsync(old, Ct);
        Assert.True(await HeldAsync(current));
        Assert.Null(await _first.TryAcquireAsync(_moveId, Ct));
    }

    /// <summary>Whether the move's row names this lease, unexpired, as the database sees it.</summary>
    private async Task<bool> HeldAsync(MoveLeaseGrant lease)
    {
        await using var db = await Engine.Host.DbAsync();
        var now = Engine.Now;
        return await db.Moves.AnyAsync(m => m.Id == lease.MoveId
            && EF.Property<string?>(m, MoveLease.Owner) == lease.Owner
            && EF.Property<long>(m, MoveLease.Token) == lease.Token
            && EF.Property<DateTime?>(m, MoveLease.ExpiresAt) >= now, Ct);
    }
}
