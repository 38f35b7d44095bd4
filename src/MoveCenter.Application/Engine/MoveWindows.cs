using MoveCenter.Application.Common;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using NodaTime;

namespace MoveCenter.Application.Engine;

/// <summary>Why a move may not work now, and the first moment both its post offices' windows are open.</summary>
public sealed record WindowClosed(DateTime OpensAt, string Reason);

/// <summary>A phase met the end of a move window: the move stops here and goes on when the windows open again.</summary>
public sealed class MoveWindowClosedException(WindowClosed closed) : Exception(closed.Reason)
{
    public WindowClosed Closed { get; } = closed;
}

/// <summary>
/// The move windows of a move's two post offices, each in its own time zone, and of its batch if that narrows them: a
/// move works only while all are open. Parsed once per phase, since the transfer asks before every block.
/// </summary>
public sealed class MoveWindows(PostOffice source, PostOffice target, Batch? batch = null)
{
    // Enough to step over every closed stretch of two weekly schedules; windows that never overlap end the search here.
    private const int MaxSteps = 64;

    private readonly (string Side, string Name, MoveSchedule Schedule)[] _sides =
    [
        ("source post office", source.Name, source.Schedule),
        ("target post office", target.Name, target.Schedule),
        .. batch is { Schedule.AlwaysOpen: false } ? [("batch", batch.Name, batch.Schedule)] : Array.Empty<(string, string, MoveSchedule)>(),
    ];

    public bool AlwaysOpen => _sides.All(side => side.Schedule.AlwaysOpen);

    public string Describe() => string.Join(" and ", _sides.Where(side => !side.Schedule.AlwaysOpen)
        .Select(side => $"{side.Side} {side.Name}: {side.Schedule.Describe()}"));

    /// <summary>
    /// <paramref name="count"/> stretches of open time as a planner says them: "3 nights of 22:00-06:00 (Europe/Berlin)"
    /// where one post office's single window sets the pace, else "3 windows of" the windows of each.
    /// </summary>
    public string Stretches(int count)
    {
        var limiting = _sides.Where(side => !side.Schedule.AlwaysOpen).ToList();
        if (limiting is not [{ Schedule: { Windows: [var window] } schedule }])
            return $"{Counted.Of(count, "window")} of {Describe()}";
        var days = window.Days == WeekDays.All ? "" : $"{window.DaysText} ";
        return $"{Counted.Of(count, window.RunsPastMidnight ? "night" : "window")} of {days}{window.FromText}-{window.ToText} ({schedule.Zone.Id})";
    }

    /// <summary>
    /// When work of <paramref name="work"/> started at <paramref name="start"/> is done if it runs only while every window
    /// is open, and in how many stretches of open time.
    /// </summary>
    public (DateTimeOffset Finish, int Stretches) Spread(DateTimeOffset start, TimeSpan work)
    {
        var (at, left, stretches) = (start, work, 0);
        for (var step = 0; step < MaxSteps * 16; step++)
        {
            if (ClosedAt(at) is { } closed)
            {
                at = new DateTimeOffset(closed.OpensAt, TimeSpan.Zero);
                continue;
            }
            stretches++;
            var until = OpenUntil(Instant.FromDateTimeOffset(at));
            if (until is null || at + left <= until.Value.ToDateTimeOffset()) return (at + left, stretches);
            left -= until.Value.ToDateTimeOffset() - at;
            at = until.Value.ToDateTimeOffset();
        }
        return (at + left, stretches);
    }

    private Instant? OpenUntil(Instant at) =>
        _sides.Select(side => side.Schedule.At(at)).OfType<WindowState.Open>().Select(open => open.Until).Where(until => until is not null).Min();

    public WindowClosed? ClosedAt(DateTimeOffset now)
    {
        var instant = Instant.FromDateTimeOffset(now);
        var closed = _sides.Where(side => side.Schedule.At(instant) is WindowState.Closed).ToList();
        if (closed.Count == 0) return null;
        var opens = CommonOpeningAfter(instant);
        var whose = string.Join(" and ", closed.Select(side => $"{side.Side} {side.Name} ({side.Schedule.Describe()})"));
        return new WindowClosed(opens.ToDateTimeUtc(), $"outside the move windows of {whose}; it goes on {closed[0].Schedule.LocalAndUtc(opens)}");
    }

    private Instant CommonOpeningAfter(Instant from)
    {
        var at = from;
        for (var step = 0; step < MaxSteps; step++)
        {
            var openings = _sides.Select(side => side.Schedule.At(at)).OfType<WindowState.Closed>().Select(c => c.OpensAt).ToList();
            if (openings.Count == 0) return at;
            at = openings.Max();
        }
        return at;
    }
}
