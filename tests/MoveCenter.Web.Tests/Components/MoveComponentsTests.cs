using Bunit;
using MoveCenter.Application.Moves;
using MoveCenter.Domain.Moves;
using MoveCenter.Web.Components.Moves;
using MudBlazor;

namespace MoveCenter.Web.Tests.Components;

public sealed class MoveComponentsTests : MudTestContext
{
    [Theory]
    [InlineData(MoveStatus.Queued)]
    [InlineData(MoveStatus.Running)]
    [InlineData(MoveStatus.Stalled)]
    [InlineData(MoveStatus.Completed)]
    [InlineData(MoveStatus.Failed)]
    public void The_status_chip_shows_the_status_as_text_and_data_status(MoveStatus status)
    {
        var chip = Render<MoveStatusChip>(p => p.Add(c => c.Status, status));

        var element = chip.Find("[data-status]");
        Assert.Equal(status.ToString(), element.GetAttribute("data-status"));
        Assert.Equal(status.ToString(), element.TextContent.Trim());
    }

    [Fact]
    public void Progress_shows_the_percentage_of_bytes_and_the_item_counts()
    {
        var progress = Render<MoveProgress>(p => p.Add(c => c.Move, Moves.Summary(inventoryTotal: 12, itemsMoved: 3, bytesTotal: 1000, bytesMoved: 250)));

        Assert.Equal("25", progress.Find(".move-progress").GetAttribute("data-progress"));
        Assert.Contains("3 of 12 items", progress.Markup);
        Assert.Contains("250 B of 1000 B", progress.Markup);
    }

    [Fact]
    public void Progress_of_a_completed_move_without_bytes_is_100_percent()
    {
        var progress = Render<MoveProgress>(p => p.Add(c => c.Move,
            Moves.Summary(status: MoveStatus.Completed, inventoryTotal: 0, itemsMoved: 0, bytesTotal: 0, bytesMoved: 0)));

        Assert.Equal("100", progress.Find(".move-progress").GetAttribute("data-progress"));
    }

    [Fact]
    public void History_lists_the_entries_in_the_order_given()
    {
        MoveHistoryEntry[] history =
        [
            new(1, Moves.Now.AddMinutes(-3), MoveEventKind.Queued, "Move of UserA queued.", "admin"),
            new(2, Moves.Now.AddMinutes(-2), MoveEventKind.PhaseStarted, "Preflight started.", "system"),
            new(3, Moves.Now.AddMinutes(-1), MoveEventKind.Stalled, "An item cannot be read.", "system"),
        ];

        var timeline = Render<MoveHistory>(p => p.Add(c => c.History, history));

        var items = timeline.FindAll("[data-kind]");
        Assert.Equal(["Queued", "PhaseStarted", "Stalled"], items.Select(i => i.GetAttribute("data-kind")));
        Assert.Contains("Preflight started.", items[1].TextContent);
        Assert.Contains("2025-03-04 09:58:00 UTC", items[1].TextContent);
        Assert.Contains("admin", items[0].TextContent);
    }

    [Fact]
    public void Status_counters_show_each_count_and_the_total()
    {
        var counts = new Dictionary<MoveStatus, int> { [MoveStatus.Running] = 2, [MoveStatus.Stalled] = 1, [MoveStatus.Completed] = 1200 };

        var counters = Render<StatusCounters>(p => p.Add(c => c.Counts, counts));

        Assert.Equal("All 1,203", Text(counters.Find("[data-status=All]")));
        Assert.Equal("Running 2", Text(counters.Find("[data-status=Running]")));
        Assert.Equal("Stalled 1", Text(counters.Find("[data-status=Stalled]")));
        Assert.Equal("Completed 1,200", Text(counters.Find("[data-status=Completed]")));
        Assert.Equal("Queued 0", Text(counters.Find("[data-status=Queued]")));
    }

    [Fact]
    public void Clicking_a_status_counter_selects_that_status()
    {
        MoveStatus? selected = null;
        var counters = Render<StatusCounters>(p => p
            .Add(c => c.Counts, new Dictionary<MoveStatus, int> { [MoveStatus.Stalled] = 1 })
            .Add(c => c.SelectedChanged, (MoveStatus? status) => selected = status));

        counters.Find("[data-status=Stalled]").Click();

        Assert.Equal(MoveStatus.Stalled, selected);
    }

    [Fact]
    public void The_move_list_shows_a_row_per_move_with_its_status_phase_and_reason()
    {
        RenderPopoverProvider();
        var running = Moves.Summary("UserA");
        var stalled = Moves.Summary("UserB", MoveStatus.Stalled, waitReason: "An item cannot be read.");

        var list = Render<MoveList>(p => p
            .Add(c => c.LoadPage, (_, _) => Task.FromResult(new TableData<MoveSummary> { Items = [running, stalled], TotalItems = 2 }))
            .Add(c => c.Now, Moves.Now));

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("tr.move-row").Count));
        var rows = list.FindAll("tr.move-row");
        Assert.Equal("Running", rows[0].QuerySelector(".move-status [data-status]")!.GetAttribute("data-status"));
        Assert.Equal("Item request", rows[0].QuerySelector(".move-phase")!.TextContent.Trim());
        Assert.Contains("status-stalled", rows[1].ClassList);
        Assert.Equal("An item cannot be read.", rows[1].QuerySelector(".move-reason")!.TextContent.Trim());
        Assert.Equal($"/moves/{stalled.Id}", rows[1].QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact]
    public void The_move_list_shows_the_throughput_and_the_time_left_by_bytes_of_a_running_move_only()
    {
        RenderPopoverProvider();
        // 216 MB left at 1.2 MB/s: three minutes, whatever the item count says.
        var running = Moves.Summary("UserA", inventoryTotal: 10, itemsMoved: 9, bytesTotal: 300L << 20, bytesMoved: 84L << 20, bytesPerSecond: 1.2 * (1 << 20));
        var stalled = Moves.Summary("UserB", MoveStatus.Stalled, bytesPerSecond: 5000);

        var list = Render<MoveList>(p => p
            .Add(c => c.LoadPage, (_, _) => Task.FromResult(new TableData<MoveSummary> { Items = [running, stalled], TotalItems = 2 }))
            .Add(c => c.Now, Moves.Now));

        list.WaitForAssertion(() => Assert.Equal(2, list.FindAll("tr.move-row").Count));
        var rows = list.FindAll("tr.move-row");
        Assert.Equal(("1.2 MB/s", "3 min"), (Text(rows[0].QuerySelector(".move-throughput")!), Text(rows[0].QuerySelector(".move-eta")!)));
        Assert.Equal(("—", "—"), (Text(rows[1].QuerySelector(".move-throughput")!), Text(rows[1].QuerySelector(".move-eta")!)));
        Assert.Contains("Throughput", list.Find("thead").TextContent);
        Assert.Contains("Time left", list.Find("thead").TextContent);
    }

    [Theory]
    [InlineData(45, "45 s")]
    [InlineData(180, "3 min")]
    [InlineData(59 * 60 + 40, "1 h")]
    [InlineData(2 * 3600 + 5 * 60, "2 h 5 min")]
    [InlineData(86400, "1 d")]
    [InlineData(3 * 86400 + 4 * 3600, "3 d 4 h")]
    public void A_time_left_is_written_in_the_largest_units_that_say_it(int seconds, string expected) =>
        Assert.Equal(expected, Format.Span(TimeSpan.FromSeconds(seconds)));

    [Fact]
    public void No_time_left_or_throughput_is_a_dash() =>
        Assert.Equal(("—", "—"), (Format.Span(null), Format.Rate(null)));

    [Fact]
    public void Counts_of_one_are_singular_in_the_progress_and_the_skipped_line()
    {
        var progress = Render<MoveProgress>(p => p.Add(c => c.Move, Moves.Summary(inventoryTotal: 1, itemsMoved: 0)));

        Assert.Contains("0 of 1 item ·", Text(progress.Find(".move-progress")));
        Assert.Equal("1 item could not be moved and was skipped", MovePlainWords.SkippedItems(1));
        Assert.Equal("2 items could not be moved and were skipped", MovePlainWords.SkippedItems(2));
        Assert.Equal(("1 byte", "2,048 bytes"), (Format.Count(1, "byte"), Format.Count(2048, "byte")));
    }

    private static string Text(AngleSharp.Dom.IElement element) =>
        string.Join(' ', element.TextContent.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
