using Hangfire;
using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Directory;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Engine.Phases;

/// <summary>Checks everything a move needs before anything changes; a failure here leaves both sides untouched.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class PreflightJob(PhaseRunner runner, IMailStoreFactory stores, ConnectionTests connectionTests, IDbContextFactory<MoveCenterDbContext> dbFactory) : IMovePhase
{
    public MovePhase Phase => MovePhase.Preflight;

    public Task RunAsync(Guid moveId, CancellationToken cancellationToken) => runner.RunAsync(moveId, this, cancellationToken);

    public async Task<string> ExecuteAsync(PhaseContext context, CancellationToken cancellationToken)
    {
        bool renamedBefore, copiedBefore;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var user = await db.DirectoryUsers.Where(u => u.UserId == context.UserId).Select(u => new { u.PostOfficeId, u.InTransit }).SingleOrDefaultAsync(cancellationToken)
                ?? throw new PreflightFailedException($"{context.UserId} is no longer in the directory.");
            // A move restarted by an admin after its admin rename finds its user already on the target, in transit.
            renamedBefore = user.InTransit && user.PostOfficeId == context.Target.Id;
            // A copy-first move restarted before its cutover finds at the target the mail it copied there itself.
            copiedBefore = await db.MigratedItems.AnyAsync(m => m.MoveId == context.MoveId, cancellationToken);
            if (user.PostOfficeId != context.Source.Id && !renamedBefore)
                throw new PreflightFailedException($"{context.UserId} no longer lives on {context.Source.Name}; queue a new move from the user's current post office.");
        }

        await using var source = await OpenAsync(context.Source, context.UserId, cancellationToken);
        if (!await source.ExistsAsync(cancellationToken))
            throw new PreflightFailedException($"{context.UserId} has no mailbox on {context.Source.Name}.");
        var (folders, messages, bytes) = await MeasureAsync(source, cancellationToken);

        await using var target = await OpenAsync(context.Target, context.UserId, cancellationToken);
        if (!renamedBefore && !copiedBefore && await target.ExistsAsync(cancellationToken) && !await IsEmptyAsync(target, cancellationToken))
            throw new PreflightFailedException(
                $"A mailbox for {context.UserId} with mail in it already exists on {context.Target.Name}. Remove it or choose another post office.");

        // The same probe as Test connection: a target setting that alters mail is named before any mail goes there.
        var warnings = await connectionTests.WarningsAsync(context.Target, cancellationToken);
        return $"{Counted.Of(messages, "message")} ({Counted.Megabytes(bytes)}) in {Counted.Of(folders, "folder")} to move."
            + (renamedBefore ? $" {context.UserId} already lives on {context.Target.Name} from before the restart; the mail there stays." : "")
            + (copiedBefore && !renamedBefore ? $" The mail copied to {context.Target.Name} before the restart stays and is not copied again." : "")
            + string.Concat(warnings.Select(w => $" Warning, {context.Target.Name}: {w}."));
    }

    /// <summary>A refused login names the post office and the account, so that the reason says what to correct.</summary>
    private async Task<IMailboxSession> OpenAsync(PostOffice postOffice, string userId, CancellationToken cancellationToken)
    {
        try
        {
            return await stores.OpenAsync(postOffice, userId, cancellationToken);
        }
        catch (MailboxAccessException e)
        {
            var account = postOffice.AdminUser is { Length: > 0 } admin ? $" as {admin}" : "";
            throw new PreflightFailedException(
                $"post office {postOffice.Name} refused to open {userId}'s mailbox{account}: {e.Message.TrimEnd('.')}. " +
                $"Correct the admin user or password of {postOffice.Name}, or create {userId}'s account there, then queue the move again.");
        }
    }

    private static async Task<(int Folders, int Messages, long Bytes)> MeasureAsync(IMailboxSession mailbox, CancellationToken cancellationToken)
    {
        var folders = await mailbox.ListFoldersAsync(cancellationToken);
        var (messages, bytes) = (0, 0L);
        foreach (var folder in folders)
        {
            var (inFolder, folderBytes) = await mailbox.MeasureFolderAsync(folder.Path, cancellationToken);
            (messages, bytes) = (messages + inFolder, bytes + folderBytes);
        }
        return (folders.Count, messages, bytes);
    }

    private static async Task<bool> IsEmptyAsync(IMailboxSession mailbox, CancellationToken cancellationToken)
    {
        foreach (var folder in await mailbox.ListFoldersAsync(cancellationToken))
            await foreach (var _ in mailbox.ListMessagesAsync(folder.Path, cancellationToken))
                return false;
        return true;
    }
}
