using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using MoveCenter.Application.Batches;
using MoveCenter.Application.Demo;
using MoveCenter.Application.Directory;
using MoveCenter.Application.Engine;
using MoveCenter.Application.Engine.Phases;
using MoveCenter.Application.Tests.Support;
using MoveCenter.Connectors;
using MoveCenter.Domain.Directory;
using MoveCenter.Domain.Inventory;
using MoveCenter.Domain.Moves;
using MoveCenter.Testing;
using Xunit;

namespace MoveCenter.Application.Tests.Engine;

/// <summary>
/// Move windows (DESIGN §9): a move works only while the windows of both its post offices are open, each in its own
/// time zone; at a window's end it stops after the block in flight, waits saying when it goes on, and resumes there.
/// </summary>
public sealed class MoveWindowTests : FakeClockEngineTests
{
    private const string User = "UserA";
    private const int BlockSize = 5;

    // Sunday 22 November 2026, 14:00 UTC, is 15:00 in Berlin: outside a Monday-to-Friday night window.
    // A second before Tuesday's 06:00 in Berlin; the clock moves on only that second, well inside the lease and the watchdog's timeout.
    private static readonly DateTimeOffset JustBeforeTuesdayWindowCloses = new(2026, 11, 24, 4, 59, 59, TimeSpan.Zero);
    private static readonly DateTime MondayWindowOpens = new(2026, 11, 23, 21, 0, 0, DateTimeKind.Utc);
    private static readonly DateTimeOffset TuesdayWindowCloses = new(2026, 11, 24, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTime TuesdayWindowOpens = new(2026, 11, 24, 21, 0, 0, DateTimeKind.Utc);

    private readonly WindowCloser _closer = new();

    protected override HostSettings Adjust(HostSettings settings) => settings with
    {
        MessagesPerUser = 30,
        BlockSize = BlockSize,
        // One lane, so exactly one block is in flight when the window closes.
        Configuration = new Dictionary<string, string?>(settings.Configuration) { ["MoveCenter:Engine:ConnectionsPerMove"] = "1" },
    };

    protected override void Decorate(IServiceCollection services) => _closer.Install(services);

    [Fact]
    public async Task A_move_queued_outside_its_source_window_waits_until_it_opens_and_says_when_in_both_time_zones()
    {
        await OpenSourceOnWeeknightsInBerlinAsync();
        var moveId = await Engine.QueueAsync(User);

        await Engine.RunJobAsync<PreflightJob>(moveId);

        var waiting = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, MovePhase.Preflight, MondayWindowOpens), (waiting.Status, waiting.Phase, waiting.NotBefore));
        Assert.Equal("outside the move windows of source post office SourcePO (Mon-Fri 22:00-06:00 (Europe/Berlin)); " +
            "it goes on 2026-11-23 22:00 Europe/Berlin (2026-11-23 21:00 UTC)", waiting.WaitReason);
        Assert.Contains(waiting.History, e => e.Kind == MoveEventKind.Waiting && e.Message == waiting.WaitReason);
        Assert.Equal(0, await SlotsHeldAsync(moveId));

        await Engine.AdvanceToNextTryAsync(moveId);
        await Engine.RunJobAsync<PreflightJob>(moveId);

        var started = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.AdminRename), (started.Status, started.Phase));
        Assert.Equal(0, started.RetryAttempt);
    }

    [Fact]
    public async Task At_the_end_of_a_window_the_move_stops_after_the_block_in_flight_and_resumes_there_when_it_opens_again()
    {
        await OpenSourceOnWeeknightsInBerlinAsync();
        Engine.Clock.SetUtcNow(JustBeforeTuesdayWindowCloses);
        var before = await MailboxSnapshot.TakeAsync(Engine.Host.SourceRoot, User);
        var moveId = await Engine.QueueAsync(User);
        await Engine.RunJobAsync<PreflightJob>(moveId);
        await Engine.RunJobAsync<AdminRenameJob>(moveId);
        await Engine.RunJobAsync<InventoryJob>(moveId);

        _closer.CloseAt(Engine.Clock, TuesdayWindowCloses);
        await Engine.RunJobAsync<ItemRequestJob>(moveId);

        var stopped = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, MovePhase.ItemRequest, TuesdayWindowOpens), (stopped.Status, stopped.Phase, stopped.NotBefore));
        Assert.Contains("it goes on 2026-11-24 22:00 Europe/Berlin (2026-11-24 21:00 UTC)", stopped.WaitReason);
        var states = await MessageStatesAsync(moveId);
        Assert.Equal(BlockSize, states.GetValueOrDefault(InventoryState.Moved));
        Assert.Equal(before.Messages.Count - BlockSize, states.GetValueOrDefault(InventoryState.Pending));
        Assert.Equal(BlockSize, (await MailboxSnapshot.TakeAsync(Engine.Host.TargetRoot, User)).Messages.Count);
        Assert.Equal(0, await SlotsHeldAsync(moveId));

        await Engine.AdvanceToNextTryAsync(moveId);
        await Engine.RunJobAsync<ItemRequestJob>(moveId);
        await Engine.RunJobAsync<FinalSyncJob>(moveId);
        await Engine.RunJobAsync<PurgeJob>(moveId);

        Assert.Equal(MoveStatus.Completed, (await Engine.MoveAsync(moveId)).Status);
        var after = await MailboxSnapshot.TakeAsync(Engine.Host.TargetRoot, User);
        Assert.Equal(before.Messages.Select(m => m.ToString()).Order(), after.Messages.Select(m => m.ToString()).Order());
    }

    [Fact]
    public async Task A_move_waits_for_the_first_moment_both_post_offices_are_open()
    {
        var source = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        var target = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice);
        source.ScheduleMoves("UTC", [MoveWindow.ParseStored("Mon-Fri 22:00-06:00")]);
        target.ScheduleMoves("UTC", [MoveWindow.ParseStored("Sat,Sun 00:00-24:00")]);

        // Wednesday noon: the source opens Wednesday 22:00 but the target is closed until Saturday, when Friday's night is still on.
        var closed = new MoveWindows(source, target).ClosedAt(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTime(2026, 11, 28, 0, 0, 0, DateTimeKind.Utc), closed!.OpensAt);
        Assert.StartsWith("outside the move windows of source post office SourcePO (Mon-Fri 22:00-06:00 (UTC)) and target post office DestPO", closed.Reason);
        Assert.Null(new MoveWindows(source, target).ClosedAt(new DateTimeOffset(2026, 11, 28, 3, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_move_waiting_for_a_window_goes_on_at_once_when_an_admin_opens_the_post_office_at_all_times()
    {
        await OpenSourceOnWeeknightsInBerlinAsync();
        var moveId = await Engine.QueueAsync(User);
        await Engine.RunJobAsync<PreflightJob>(moveId);
        Assert.Equal(MoveStatus.Waiting, (await Engine.MoveAsync(moveId)).Status);

        await Engine.Host.Services.GetRequiredService<EditPostOfficeHandler>().HandleAsync(DemoDirectorySeeder.SourcePostOffice,
            new EditPostOfficeRequest(Windows: []), MoveCenterHost.Actor, Ct);

        Assert.True((await Engine.MoveAsync(moveId)).NotBefore <= Engine.Now);
        await Engine.RunJobAsync<PreflightJob>(moveId);
        Assert.Equal((MoveStatus.Running, MovePhase.AdminRename), ((await Engine.MoveAsync(moveId)).Status, (await Engine.MoveAsync(moveId)).Phase));
    }

    [Fact]
    public async Task A_batch_narrows_the_windows_of_its_moves_post_offices_further()
    {
        var created = await Engine.Host.Services.GetRequiredService<CreateBatchHandler>().HandleAsync(
            new CreateBatchRequest("Early mornings", null, [new BatchRow(2, User, DemoDirectorySeeder.TargetPostOffice, 0, null, [])],
                TimeZone: "UTC", Windows: [new MoveWindowRequest("Daily", "01:00", "02:00")]),
            MoveCenterHost.Actor, Ct);
        var moveId = Assert.Single(created.AcceptedRows).MoveId;

        await Engine.RunJobAsync<PreflightJob>(moveId);

        var waiting = await Engine.MoveAsync(moveId);
        Assert.Equal((MoveStatus.Waiting, new DateTime(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc)), (waiting.Status, waiting.NotBefore));
        Assert.Equal("outside the move windows of batch Early mornings (Daily 01:00-02:00 (UTC)); it goes on 2026-11-23 01:00 UTC", waiting.WaitReason);
    }

    [Fact]
    public async Task Work_spread_over_night_windows_finishes_in_the_night_it_runs_out_and_counts_the_nights()
    {
        var source = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.SourcePostOffice);
        var target = await Engine.Host.PostOfficeAsync(DemoDirectorySeeder.TargetPostOffice);
        var noon = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        Assert.Equal((noon.AddHours(10), 1), new MoveWindows(source, target).Spread(noon, TimeSpan.FromHours(10)));

        source.ScheduleMoves("UTC", [MoveWindow.ParseStored("Daily 22:00-06:00")]);

        // Eight hours the first night, the last two the next one.
        Assert.Equal((new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero), 2), new MoveWindows(source, target).Spread(noon, TimeSpan.FromHours(10)));
    }

    private Task OpenSourceOnWeeknightsInBerlinAsync() =>
        Engine.Host.Services.GetRequiredService<EditPostOfficeHandler>().HandleAsync(DemoDirectorySeeder.SourcePostOffice,
            new EditPostOfficeRequest(TimeZone: "Europe/Berlin", Windows: [new MoveWindowRequest("Mon-Fri", "22:00", "06:00")]),
            MoveCenterHost.Actor, Ct);

    private async Task<Dictionary<InventoryState, int>> MessageStatesAsync(Guid moveId)
    {
        await using var db = await Engine.Host.DbAsync();
        return await db.InventoryItems.Where(i => i.MoveId == moveId && i.Kind == InventoryKind.Message)
            .GroupBy(i => i.State).ToDictionaryAsync(g => g.Key, g => g.Count(), Ct);
    }

    private async Task<int> SlotsHeldAsync(Guid moveId)
    {
        await using var db = await Engine.Host.DbAsync();
        return await db.MoveSlots.CountAsync(s => s.MoveId == moveId, Ct);
    }

    /// <summary>Moves the fake clock to a window's end while the target takes the first block, as if the block had taken that long.</summary>
    private sealed class WindowCloser() : MailStoreDouble(DemoDirectorySeeder.TargetPostOffice)
    {
        private (FakeTimeProvider Clock, DateTimeOffset At)? _closing;

        public void CloseAt(FakeTimeProvider clock, DateTimeOffset at) => _closing = (clock, at);

        protected override IMailboxSession Wrap(IMailboxSession session, string mailboxId) => new Session(session, this);

        private sealed class Session(IMailboxSession inner, WindowCloser owner) : DelegatingMailboxSession(inner)
        {
            public override Task<IReadOnlyList<AppendOutcome>> AppendAsync(FolderPath folder, IReadOnlyList<OutgoingMessage> messages, CancellationToken cancellationToken)
            {
                if (owner._closing is var (clock, at)) clock.SetUtcNow(at);
                owner._closing = null;
                return base.AppendAsync(folder, messages, cancellationToken);
            }
        }
    }
}
