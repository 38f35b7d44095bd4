using Microsoft.EntityFrameworkCore;
using MoveCenter.Application.Common;
using MoveCenter.Application.Engine;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;

namespace MoveCenter.Application.Batches;

/// <summary>A move a forecast counts: its post offices and, once its inventory is taken, the bytes it still has to move.</summary>
public sealed record PlannedMove(int SourcePostOfficeId, int TargetPostOfficeId, long? RemainingBytes);

/// <summary>
/// The forecast for the moves of one pair of post offices. <see cref="BytesPerSecond"/> is the speed measured on
/// <see cref="PilotMoves"/> finished moves of the same pair (null when there is none); <see cref="AtOnce"/> moves run
/// together, as the post offices' move slots allow. <see cref="Basis"/> says in words how the numbers were reached.
/// </summary>
public sealed record PairForecast(
    string SourcePostOffice, string TargetPostOffice, int Moves, long? EstimatedBytes, int MailboxesOfUnknownSize,
    double? BytesPerSecond, int PilotMoves, int AtOnce, double? EstimatedSeconds, string Basis);

/// <summary>How long a set of moves will take, as numbers (null when unknown) and as a sentence a person can check.</summary>
/// <param name="EstimatedCompletion">When the moves are done, inside their move windows (UTC); null when unknown.</param>
public sealed record BatchForecast(
    int Moves, long? EstimatedBytes, double? EstimatedSeconds, IReadOnlyList<PairForecast> Pairs, string Summary, DateTime? EstimatedCompletion = null)
{
    public static readonly BatchForecast Nothing = new(0, 0, 0, [], "Nothing left to move.");
}

/// <summary>
/// Forecasts from what was measured here, never from a guess: the speed of finished moves between the same post
/// offices (the pilot moves) and, for mailboxes not yet inventoried, the average size of the finished moves from
/// the same source post office. Where either is missing the forecast says so instead of inventing a number.
/// The work is spread over the move windows of the post offices (and of the batch) from its start; capacity taken by
/// other moves is not counted, and the sentence says that too.
/// </summary>
public static class BatchForecaster
{
    /// <summary>Recent moves speak for the servers and network as they are now; older ones as they were.</summary>
    private const int Sample = 50;

    /// <param name="start">When the moves begin: the batch's start time, or now.</param>
    /// <param name="batch">The batch whose windows narrow the post offices' further, if any.</param>
    public static async Task<BatchForecast> ForecastAsync(
        MoveCenterDbContext db, IReadOnlyList<PlannedMove> planned, DateTime start, Batch? batch, CancellationToken cancellationToken)
    {
        if (planned.Count == 0) return BatchForecast.Nothing;
        var ids = planned.SelectMany(p => new[] { p.SourcePostOfficeId, p.TargetPostOfficeId }).Distinct().ToList();
        var postOffices = await db.PostOffices.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, cancellationToken);
        var finish = new DateTimeOffset(DateTime.SpecifyKind(start, DateTimeKind.Utc));
        var windowed = false;

        var pairs = new List<PairForecast>();
        foreach (var group in planned.GroupBy(p => (p.SourcePostOfficeId, p.TargetPostOfficeId)).OrderBy(g => postOffices[g.Key.SourcePostOfficeId].Name))
        {
            var (sourceId, targetId) = group.Key;
            var source = postOffices[sourceId];
            var target = postOffices[targetId];
            var pilots = await db.Moves.AsNoTracking()
                .Where(m => m.SourcePostOfficeId == sourceId && m.TargetPostOfficeId == targetId && m.Status == MoveStatus.Completed
                    && m.StartedAt != null && m.FinishedAt != null && m.BytesMoved > 0)
                .OrderByDescending(m => m.FinishedAt).Take(Sample)
                .Select(m => new { m.BytesMoved, m.StartedAt, m.FinishedAt })
                .ToListAsync(cancellationToken);
            var seconds = pilots.Sum(p => (p.FinishedAt!.Value - p.StartedAt!.Value).TotalSeconds);
            double? rate = pilots.Count > 0 && seconds > 0 ? pilots.Sum(p => (double)p.BytesMoved) / seconds : null;

            var sizes = await db.Moves.AsNoTracking()
                .Where(m => m.SourcePostOfficeId == sourceId && m.Status == MoveStatus.Completed && m.BytesTotal > 0)
                .OrderByDescending(m => m.FinishedAt).Take(Sample)
                .Select(m => m.BytesTotal)
                .ToListAsync(cancellationToken);
            long? averageSize = sizes.Count > 0 ? (long)sizes.Average() : null;

            var unknown = group.Count(p => p.RemainingBytes is null);
            var known = group.Sum(p => p.RemainingBytes ?? 0);
            long? bytes = unknown == 0 ? known : averageSize is { } average ? known + unknown * average : null;
            var atOnce = Math.Max(1, Math.Min(group.Count(), Math.Min(source.MaxConcurrentMoves, target.MaxConcurrentMoves)));
            double? duration = bytes is { } total && rate is { } speed ? total / (speed * atOnce) : null;

            var mailboxes = Counted.Of(group.Count(), "mailbox", "mailboxes");
            var basis = new List<string>();
            if (unknown > 0)
                basis.Add(averageSize is { } size
                    ? $"{Counted.Of(unknown, "mailbox", "mailboxes")} not inventoried yet counted at {Counted.Bytes(size)} each, the average of {Counted.Of(sizes.Count, "finished move")} from {source.Name}."
                    : $"The size of {Counted.Of(unknown, "mailbox", "mailboxes")} is unknown: no move from {source.Name} has finished yet.");
            if (rate is null)
                basis.Insert(0, $"No finished move between {source.Name} and {target.Name} yet, so there is no measured speed: move a few pilot users first.");
            else if (duration is null)
                basis.Insert(0, $"{Counted.Bytes((long)rate)}/s per move, measured over {Counted.Of(pilots.Count, "finished move")} from {source.Name} to {target.Name}.");
            else
            {
                var sentence = $"At {Counted.Bytes((long)rate)}/s per move, measured over {Counted.Of(pilots.Count, "finished move")} from {source.Name} to {target.Name}, "
                    + $"{atOnce} at a time as their move slots allow, these {mailboxes} ({Counted.Bytes(bytes!.Value)}) need about {Counted.Span(TimeSpan.FromSeconds(duration.Value))} of moving";
                var windows = new MoveWindows(source, target, batch);
                var (done, stretches) = windows.Spread(finish, TimeSpan.FromSeconds(duration.Value));
                if (!windows.AlwaysOpen)
                {
                    windowed = true;
                    sentence += $": about {windows.Stretches(stretches)}, done about {done.UtcDateTime:yyyy-MM-dd HH:mm} UTC";
                }
                basis.Insert(0, sentence + ".");
                finish = done;
            }
            pairs.Add(new PairForecast(source.Name, target.Name, group.Count(), bytes, unknown, rate, pilots.Count, atOnce, duration, string.Join(" ", basis)));
        }

        var allKnown = pairs.All(p => p.EstimatedSeconds is not null);
        long? totalBytes = pairs.All(p => p.EstimatedBytes is not null) ? pairs.Sum(p => p.EstimatedBytes!.Value) : null;
        double? totalSeconds = allKnown ? pairs.Sum(p => p.EstimatedSeconds!.Value) : null;
        const string slotsNotCounted = " Move slots taken by other moves are not counted.";
        var bases = string.Join(" ", pairs.Select(p => p.Basis));
        var summary = totalSeconds is not { } all ? $"No forecast for {Counted.Of(planned.Count, "move")} yet. " + bases
            : pairs.Count == 1 ? bases + slotsNotCounted
            : $"About {Counted.Span(TimeSpan.FromSeconds(all))} of moving for {Counted.Of(planned.Count, "move")} ({Counted.Bytes(totalBytes!.Value)}), the pairs of post offices one after another"
                + (windowed ? $", inside the move windows: done about {finish.UtcDateTime:yyyy-MM-dd HH:mm} UTC" : "") + ". " + bases + slotsNotCounted;
        return new BatchForecast(planned.Count, totalBytes, totalSeconds, pairs, summary, allKnown ? finish.UtcDateTime : null);
    }
}
