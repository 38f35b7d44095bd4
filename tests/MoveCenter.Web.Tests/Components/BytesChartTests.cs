using Bunit;
using MoveCenter.Application.Dashboard;
using MoveCenter.Web.Components.Dashboard;

namespace MoveCenter.Web.Tests.Components;

public sealed class BytesChartTests : MudTestContext
{
    private static readonly DateTime Today = new(2026, 12, 5, 0, 0, 0, DateTimeKind.Utc);

    [Theory]
    [InlineData(1_400_000L, null, "(MB, UTC)")]
    [InlineData(2_500_000_000L, null, "(GB, UTC)")]
    [InlineData(900L, null, "(bytes, UTC)")]
    [InlineData(3_600_000_000L, 1, "(MB/s, UTC)")]
    [InlineData(14_000_000L, 1, "(KB/s, UTC)")]
    public void The_unit_suits_the_largest_bar_so_that_small_amounts_do_not_vanish_at_the_bottom(long largest, int? rateHours, string unit)
    {
        var chart = Render<BytesChart>(p => p
            .Add(c => c.Id, "chart")
            .Add(c => c.Title, "Moved")
            .Add(c => c.Points, [new BytesMovedIn(Today, largest / 2), new BytesMovedIn(Today.AddDays(1), largest)])
            .Add(c => c.Label, at => at.ToString("MM-dd"))
            .Add(c => c.RateOver, rateHours is { } hours ? TimeSpan.FromHours(hours) : null));

        Assert.Contains($"Moved {unit}", chart.Find(".bytes-chart").TextContent);
        Assert.Equal((largest / 2 + largest).ToString(System.Globalization.CultureInfo.InvariantCulture), chart.Find("#chart").GetAttribute("data-total"));
    }
}
