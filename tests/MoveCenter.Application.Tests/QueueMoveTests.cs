using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Tests.Support;
using Xunit;

namespace MoveCenter.Application.Tests;

/// <summary>Invariant 6: a request that cannot be carried out is rejected with a message a person can act on, and writes nothing.</summary>
public sealed class QueueMoveTests : IAsyncLifetime
{
    private readonly TestDataFolder _data = new();
    private MoveCenterHost _host = null!;

    // The engine is not started: a queued move stays queued, so "already active" is deterministic.
    public async ValueTask InitializeAsync() => _host = await MoveCenterHost.StartAsync(_data, startEngine: false);

    [Fact]
    public Task An_unknown_user_is_rejected() =>
        AssertRejectedAsync("NoSuchUser", DemoDirectorySeeder.TargetPostOffice, RejectionKind.NotFound, "no user 'NoSuchUser'");

    [Fact]
    public Task An_unknown_post_office_is_rejected() =>
        AssertRejectedAsync("UserA", "NoSuchPO", RejectionKind.NotFound, "no post office named 'NoSuchPO'");

    [Fact]
    public Task A_move_to_the_post_office_the_user_already_lives_on_is_rejected() =>
        AssertRejectedAsync("UserA", DemoDirectorySeeder.SourcePostOffice, RejectionKind.Conflict, "already lives on SourcePO");

    [Fact]
    public Task A_request_without_a_user_is_rejected() =>
        AssertRejectedAsync("", DemoDirectorySeeder.TargetPostOffice, RejectionKind.Invalid, "Name the user to move");

    [Fact]
    public async Task A_second_move_of_a_user_with_an_active_move_is_rejected()
    {
        var first = await _host.QueueAsync("UserB");
        await AssertRejectedAsync("UserB", DemoDirectorySeeder.TargetPostOffice, RejectionKind.Conflict, $"already has a move in progress (Queued, id {first})");
    }

    private async Task AssertRejectedAsync(string userId, string targetPostOffice, RejectionKind kind, string messagePart)
    {
        var before = await CountRowsAsync();

        var rejected = await Assert.ThrowsAsync<RequestRejectedException>(() => _host.QueueAsync(userId, targetPostOffice));

        Assert.Equal(kind, rejected.Kind);
        Assert.Contains(messagePart, rejected.Message);
        Assert.Equal(before, await CountRowsAsync());
    }

    private async Task<(int Moves, int Events)> CountRowsAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await _host.DbAsync();
        return (await db.Moves.CountAsync(ct), await db.MoveEvents.CountAsync(ct));
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        _data.Dispose();
    }
}
