using MoveCenter.Application.Batches;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Moves;
using MoveCenter.Persistence;
using Xunit;

namespace MoveCenter.Application.Tests.Batches;

/// <summary>
/// The forecast (DESIGN §9) from seeded history: finished pilot moves with known bytes and durations, stored as the
/// engine stores them, and a source post office that moves only at night.
/// </summary>
public sealed class BatchForecastTests : IAsyncLifetime
{
    private const long MailboxBytes = 45_600L * 1024 * 1024;
    // 38 MiB/s per move: each pilot moved its 45,600 MiB in 1,200 s.
    private static readonly TimeSpan PilotDuration = TimeSpan.FromSeconds(1_200);
    // 22:00 in Berlin, when the first night's window opens.
    private static readonly DateTime Start = new(2026, 12, 7, 21, 0, 0, DateTimeKind.Utc);

    private SeededDatabase _db = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() =>
        _db = await SeededDatabase.CreateAsync(configureSource: source => source.ScheduleMoves("Europe/Berlin", [MoveWindow.Parse("Mon-Sun", "22:00", "06:00").Window!]));

    [Fact]
    public async Task Twelve_pilot_moves_at_38_MB_per_second_forecast_240_mailboxes_as_3_nights_of_the_source_window()
    {
        await SeedPilotMovesAsync(12);
        await using var db = await CreateDbAsync();

        var forecast = await BatchForecaster.ForecastAsync(db, Mailboxes(240), Start, batch: null, Ct);

        var pair = Assert.Single(forecast.Pairs);
        Assert.Equal((12, 4, 38.0 * 1024 * 1024), (pair.PilotMoves, pair.AtOnce, Math.Round(pair.BytesPerSecond!.Value)));
        Assert.Equal(240 * MailboxBytes, forecast.EstimatedBytes);
        // 240 mailboxes, four at a time at 38 MiB/s each: 20 hours of moving, in nights of eight hours.
        Assert.Equal(TimeSpan.FromHours(20), TimeSpan.FromSeconds(Math.Round(forecast.EstimatedSeconds!.Value)));
        Assert.Equal(new DateTime(2026, 12, 10, 1, 0, 0, DateTimeKind.Utc), forecast.EstimatedCompletion);
        Assert.StartsWith("At 38 MB/s per move, measured over 12 finished moves from SourcePO to DestPO, 4 at a time as their move slots allow, " +
                          "these 240 mailboxes (10 TB) need about 20 h of moving: about 3 nights of 22:00-06:00 (Europe/Berlin), done about 2026-12-10 01:00 UTC.",
            forecast.Summary);
        Assert.Contains("240 mailboxes not inventoried yet counted at 45 GB each, the average of 12 finished moves from SourcePO.", forecast.Summary);
    }

    [Fact]
    public async Task Before_any_move_between_the_post_offices_finished_the_forecast_says_there_is_nothing_to_forecast_from()
    {
        await using var db = await CreateDbAsync();

        var forecast = await BatchForecaster.ForecastAsync(db, Mailboxes(240), Start, batch: null, Ct);

        Assert.Null(forecast.EstimatedSeconds);
        Assert.Null(forecast.EstimatedCompletion);
        Assert.StartsWith("No forecast for 240 moves yet. No finished move between SourcePO and DestPO yet, so there is no measured speed", forecast.Summary);
    }

    private List<PlannedMove> Mailboxes(int count) =>
        Enumerable.Range(0, count).Select(_ => new PlannedMove(_db.SourceId, _db.TargetId, null)).ToList();

    private async Task SeedPilotMovesAsync(int count)
    {
        for (var i = 0; i < count; i++)
            await _db.AddMoveAsync($"Pilot{i}", MoveStatus.Completed, MailboxBytes, MailboxBytes, Start.AddDays(-6), Start.AddDays(-6) + PilotDuration);
    }

    private Task<MoveCenterDbContext> CreateDbAsync() => _db.Factory.CreateDbContextAsync(Ct);

    public ValueTask DisposeAsync() => _db.DisposeAsync();
}
