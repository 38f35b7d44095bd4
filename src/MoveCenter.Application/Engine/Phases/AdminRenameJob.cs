using Hangfire;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>
/// Creates the target mailbox and updates the directory: the user's home becomes the target, new mail goes there,
/// and a nickname at the source keeps old addresses working. The user is marked in transit until the move ends.
/// </summary>
[AutomaticRetry(Attempts = 0)]
public sealed class AdminRenameJob(PhaseRunner runner, IMailStoreFactory stores, IDbContextFactory<MoveCenterDbContext> dbFactory, TimeProvider clock) : IMovePhase
{
    public MovePhase Phase => MovePhase.AdminRename;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        await using (var target = await stores.OpenAsync(context.Target, context.UserId, cancellationToken))
            await target.CreateAsync(cancellationToken);

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await db.LoadLeasedAsync(context.Lease, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var user = await db.DirectoryUsers.SingleAsync(u => u.UserId == context.UserId, cancellationToken);
        user.MarkInTransit();
        user.Rehome(context.Target.Id);
        var hasNickname = await db.Nicknames.AnyAsync(n => n.UserId == context.UserId && n.PostOfficeId == context.Source.Id, cancellationToken);
        if (!hasNickname)
            db.Nicknames.Add(new Nickname(context.UserId, context.Source.Id, now, context.MoveId));
        // The directory change and the phase's completion are one fenced save: a cancel that gets in first makes the save
        // fail and the user stays on the source; one that comes after sees the phase done and puts the user back.
        var summary = $"{context.UserId} now lives on {context.Target.Name}; a nickname remains on {context.Source.Name}.";
        move.CompletePhase(now, summary);
        await db.SaveFencedAsync(context.Lease, cancellationToken);
        return summary;
    }
}
