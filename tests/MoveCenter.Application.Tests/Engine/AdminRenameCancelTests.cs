using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Moves.Actions;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Moves;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>A cancel that arrives while admin rename ends leaves the directory as the move's history tells it.</summary>
public sealed class AdminRenameCancelTests : FakeClockEngineTests
{
    [Fact]
    public async Task A_cancel_right_after_the_rehome_puts_the_user_back_on_the_source_as_the_history_says()
    {
        var moveId = await Engine.QueueAsync();
        await Engine.RunJobAsync<PreflightJob>(moveId);
        var rename = Engine.Host.Services.GetRequiredService<AdminRenameJob>();
        var cancel = Engine.Host.Services.GetRequiredService<CancelMoveHandler>();
        // The cancel comes after the phase's work and before the runner records how the phase ended.
        var renameThenCancel = new ScriptedPhase(MovePhase.AdminRename, async (context, cancellationToken) =>
        {
            var summary = await rename.ExecuteAsync(context, cancellationToken);
            await cancel.HandleAsync(moveId, "admin", cancellationToken);
            return summary;
        });

        await Engine.RunAsync(moveId, renameThenCancel);

        var move = await Engine.MoveAsync(moveId);
        Assert.Contains(move.History, h => h.Message.Contains("lives on the source post office again", StringComparison.Ordinal));
        await AssertCancelledWithTheUserOnTheSourceAsync(moveId);
    }

    [Fact]
    public async Task A_cancel_before_the_rehome_is_saved_keeps_the_user_on_the_source()
    {
        var moveId = await Engine.QueueAsync();
        await Engine.RunJobAsync<PreflightJob>(moveId);
        var rename = Engine.Host.Services.GetRequiredService<AdminRenameJob>();
        var cancel = Engine.Host.Services.GetRequiredService<CancelMoveHandler>();
        // The cancel comes while the worker holds the move in admin rename, before its directory change is saved.
        var cancelThenRename = new ScriptedPhase(MovePhase.AdminRename, async (context, cancellationToken) =>
        {
            await cancel.HandleAsync(moveId, "admin", cancellationToken);
            return await rename.ExecuteAsync(context, cancellationToken);
        });

        await Engine.RunAsync(moveId, cancelThenRename);

        var move = await Engine.MoveAsync(moveId);
        Assert.Contains(move.History, h => h.Kind == MoveEventKind.Cancelled && h.Message.Contains("Stopped in Admin rename", StringComparison.Ordinal));
        await AssertCancelledWithTheUserOnTheSourceAsync(moveId);
    }

    private async Task AssertCancelledWithTheUserOnTheSourceAsync(Guid moveId)
    {
        var move = await Engine.MoveAsync(moveId);
        Assert.Equal(MoveStatus.Cancelled, move.Status);
        var source = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        await using var db = await Engine.Host.DbAsync();
        var user = await db.DirectoryUsers.AsNoTracking().SingleAsync(u => u.UserId == move.UserId, Ct);
        Assert.Equal((source.Id, false), (user.PostOfficeId, user.InTransit));
        Assert.False(await db.Nicknames.AnyAsync(n => n.MoveId == moveId, Ct));
    }
}
