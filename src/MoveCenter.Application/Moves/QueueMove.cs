using FluentValidation;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using MoveCenter.Application.Audit;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Moves;

public sealed record QueueMoveOptions(
    int? BadItemLimit = null, PurgeMode? PurgeMode = null, MoveMode? Mode = null, DateTime? CompleteAfter = null, TimeSpan? IncrementalSyncInterval = null);

public sealed record QueueMoveRequest(string UserId, string TargetPostOffice, DateTime? StartAt = null, QueueMoveOptions? Options = null, int Priority = 0);

public sealed class QueueMoveValidator : AbstractValidator<QueueMoveRequest>
{
    /// <summary>Further ahead than this is taken for a typo in the year rather than a plan.</summary>
    public static readonly TimeSpan LatestStart = TimeSpan.FromDays(366);

    /// <summary>Priorities beyond this are typos; the order among waiting moves needs no more room.</summary>
    public const int MaxPriority = 1000;

    /// <summary>More often than this, a sync would only ever find its predecessor's work.</summary>
    public static readonly TimeSpan ShortestSyncInterval = TimeSpan.FromMinutes(1);

    /// <summary>Longer than this, a synced mailbox drifts so far that the cutover loses its point.</summary>
    public static readonly TimeSpan LongestSyncInterval = TimeSpan.FromDays(30);

    public QueueMoveValidator(TimeProvider clock)
    {
        RuleFor(r => r.UserId).NotEmpty().WithMessage("Name the user to move (userId).").IsUserId();
        RuleFor(r => r.TargetPostOffice).NotEmpty().WithMessage("Name the post office to move the user to (targetPostOffice).")
            .FitsColumn("targetPostOffice", PostOffice.NameMaxLength);
        RuleFor(r => r.StartAt).Must(at => at is null || at.Value.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime + LatestStart)
            .WithMessage("startAt is more than a year ahead; check the year, or leave startAt out to start the move now.");
        RuleFor(r => r.Options!.BadItemLimit).InclusiveBetween(1, 1000).When(r => r.Options?.BadItemLimit is not null)
            .WithMessage("options.badItemLimit, how often one item may fail before the move stops on it, must be between 1 and 1000.");
        RuleFor(r => r.Options!.PurgeMode).IsInEnum().When(r => r.Options?.PurgeMode is not null)
            .WithMessage($"options.purgeMode must be one of: {string.Join(", ", Enum.GetNames<PurgeMode>())}.");
        RuleFor(r => r.Options!.Mode).IsInEnum().When(r => r.Options?.Mode is not null)
            .WithMessage($"options.mode must be one of: {string.Join(", ", Enum.GetNames<MoveMode>())}.");
        RuleFor(r => r.Options!.CompleteAfter).Null().When(r => r.Options is { Mode: not MoveMode.CopyFirst })
            .WithMessage("options.completeAfter is the cutover time of a copy-first move; set options.mode to CopyFirst, or leave completeAfter out.");
        RuleFor(r => r.Options!.CompleteAfter).Must(at => at!.Value.ToUniversalTime() <= clock.GetUtcNow().UtcDateTime + LatestStart)
            .When(r => r.Options?.CompleteAfter is not null)
            .WithMessage("options.completeAfter is more than a year ahead; check the year, or leave it out and cut over with Complete.");
        RuleFor(r => r.Options!.IncrementalSyncInterval).Null().When(r => r.Options is { Mode: not MoveMode.CopyFirst })
            .WithMessage("options.incrementalSyncInterval applies to copy-first moves only; set options.mode to CopyFirst, or leave it out.");
        RuleFor(r => r.Options!.IncrementalSyncInterval)
            .InclusiveBetween(ShortestSyncInterval, LongestSyncInterval).When(r => r.Options?.IncrementalSyncInterval is not null)
            .WithMessage($"options.incrementalSyncInterval must be between {ShortestSyncInterval:c} and {LongestSyncInterval.TotalDays:N0} days, written e.g. \"24:00:00\" (the default) or \"1.00:00:00\".");
        RuleFor(r => r.Priority).InclusiveBetween(-MaxPriority, MaxPriority)
            .WithMessage($"priority must be a whole number between -{MaxPriority} and {MaxPriority}; higher runs first, 0 is the default.");
    }
}

public sealed class QueueMoveHandler(
    IDbContextFactory<MoveCenterDbContext> dbFactory,
    IValidator<QueueMoveRequest> validator,
    MoveDispatcher dispatcher,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<QueueMoveHandler> logger)
{
    public async Task<Guid> HandleAsync(QueueMoveRequest request, string actor, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var move = await PrepareAsync(db, request, actor, batchId: null, cancellationToken);
        var options = move.Options;
        db.Moves.Add(move);
        audit.Record(db, actor, AuditActions.MoveQueue, AuditActions.MoveTarget(move.UserId, move.Id),
            $"To {request.TargetPostOffice}" + (move.NotBefore is { } start ? $", not before {start:u}" : "")
            + $", bad item limit {options.BadItemLimit}, purge {options.PurgeMode}, {MovePlainWords.Mode(options)}" + (move.Priority != 0 ? $", priority {move.Priority}" : ""));
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another request queued a move for this user between the check above and this save.
            await using var check = await dbFactory.CreateDbContextAsync(CancellationToken.None);
            if (await check.Moves.AnyAsync(m => m.ActiveUserId == move.UserId, CancellationToken.None))
                throw RequestRejectedException.Conflict($"{move.UserId} already has a move in progress. Finish or cancel it first.");
            throw;
        }
        logger.LogInformation("Move {MoveId} of {UserId} to {TargetPostOffice} queued by {Actor}", move.Id, move.UserId, request.TargetPostOffice, actor);

        if (move.NotBefore is null) await dispatcher.TryDispatchAsync(move.Id, cancellationToken);
        return move.Id;
    }

    /// <summary>
    /// Checks a request against the directory and the moves in progress and builds the queued move, without adding it:
    /// the one set of rules for a single move and for each row of a batch. Throws <see cref="RequestRejectedException"/>
    /// saying what is wrong.
    /// </summary>
    public async Task<Move> PrepareAsync(MoveCenterDbContext db, QueueMoveRequest request, string actor, Guid? batchId, CancellationToken cancellationToken)
    {
        await validator.EnsureValidAsync(request, cancellationToken);

        var user = await db.DirectoryUsers.AsNoTracking().FirstOrDefaultAsync(u => u.UserId == request.UserId, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no user '{request.UserId}' in the directory. Check the spelling or add the user first.");
        var target = await db.FindPostOfficeAsync(request.TargetPostOffice, cancellationToken)
            ?? throw RequestRejectedException.NotFound($"There is no post office named '{request.TargetPostOffice}'.");
        if (target.Id == user.PostOfficeId)
            throw RequestRejectedException.Conflict($"{user.UserId} already lives on {target.Name}; choose another target post office.");
        var active = await db.Moves.AsNoTracking()
            .Where(m => m.UserId == user.UserId && m.Status != MoveStatus.Completed && m.Status != MoveStatus.Failed && m.Status != MoveStatus.Cancelled)
            .Select(m => new { m.Id, m.Status })
            .FirstOrDefaultAsync(cancellationToken);
        if (active is not null)
            throw RequestRejectedException.Conflict($"{user.UserId} already has a move in progress ({active.Status}, id {active.Id}). Finish or cancel it first.");

        var defaults = new MoveOptions();
        var options = new MoveOptions
        {
            BadItemLimit = request.Options?.BadItemLimit ?? defaults.BadItemLimit,
            PurgeMode = request.Options?.PurgeMode ?? defaults.PurgeMode,
            Mode = request.Options?.Mode ?? defaults.Mode,
            CompleteAfter = request.Options?.CompleteAfter is { } cutover ? DateTime.SpecifyKind(cutover.ToUniversalTime(), DateTimeKind.Utc) : null,
            IncrementalSyncInterval = request.Options?.IncrementalSyncInterval ?? defaults.IncrementalSyncInterval,
        };
        var startAt = request.StartAt is { } at ? DateTime.SpecifyKind(at.ToUniversalTime(), DateTimeKind.Utc) : (DateTime?)null;
        var move = Move.Queue(Guid.NewGuid(), user.UserId, user.PostOfficeId, target.Id, options, startAt, actor, clock.GetUtcNow().UtcDateTime, request.Priority, batchId);
        var sites = await db.PostOffices.Where(p => (p.Id == user.PostOfficeId || p.Id == target.Id) && p.Site != null)
            .Select(p => p.Site!).Distinct().OrderBy(s => s).ToListAsync(cancellationToken);
        if (sites.Count > 0) move.AwaitSites(sites);
        return move;
    }
}
