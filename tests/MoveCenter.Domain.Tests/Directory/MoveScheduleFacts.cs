using MoveCenter.Domain.Directory;
using NodaTime;
using NodaTime.Text;

namespace MoveCenter.Domain.Tests.Directory;

public class MoveScheduleFacts
{
    private static readonly DateTimeZone Berlin = DateTimeZoneProviders.Tzdb["Europe/Berlin"];

    private static MoveSchedule Schedule(params string[] windows) => new(Berlin, [.. windows.Select(MoveWindow.ParseStored)]);

    private static Instant Utc(string text) => InstantPattern.General.Parse(text).Value;

    private static Instant BerlinTime(string localText) =>
        LocalDateTimePattern.GeneralIso.Parse(localText).Value.InZoneStrictly(Berlin).ToInstant();

    [Fact]
    public void A_night_window_is_open_until_the_morning_after_its_day()
    {
        var schedule = Schedule("Mon-Fri 22:00-06:00");

        // Saturday 03:00 belongs to Friday's night.
        Assert.Equal(new WindowState.Open(BerlinTime("2026-12-12T06:00:00")), schedule.At(BerlinTime("2026-12-12T03:00:00")));
        Assert.Equal(new WindowState.Closed(BerlinTime("2026-12-14T22:00:00")), schedule.At(BerlinTime("2026-12-12T07:00:00")));
        Assert.Equal(new WindowState.Closed(BerlinTime("2026-12-08T22:00:00")), schedule.At(BerlinTime("2026-12-08T12:00:00")));
        Assert.Equal(new WindowState.Open(BerlinTime("2026-12-09T06:00:00")), schedule.At(BerlinTime("2026-12-08T22:00:00")));
    }

    [Fact]
    public void A_window_closes_at_its_end_and_not_a_minute_later()
    {
        var schedule = Schedule("Daily 22:00-06:00");

        Assert.IsType<WindowState.Open>(schedule.At(BerlinTime("2026-12-08T05:59:00")));
        Assert.Equal(new WindowState.Closed(BerlinTime("2026-12-08T22:00:00")), schedule.At(BerlinTime("2026-12-08T06:00:00")));
    }

    [Fact]
    public void The_night_the_clocks_go_back_is_an_hour_longer()
    {
        // Europe/Berlin leaves summer time on Sunday 25 October 2026 at 03:00 local time.
        var state = Schedule("Daily 22:00-06:00").At(Utc("2026-10-24T20:00:00Z"));

        Assert.Equal(new WindowState.Open(Utc("2026-10-25T05:00:00Z")), state);
        Assert.Equal(Duration.FromHours(9), ((WindowState.Open)state).Until!.Value - Utc("2026-10-24T20:00:00Z"));
    }

    [Fact]
    public void The_night_the_clocks_go_forward_is_an_hour_shorter()
    {
        // Europe/Berlin enters summer time on Sunday 29 March 2026 at 02:00 local time.
        var state = Schedule("Daily 22:00-06:00").At(Utc("2026-03-28T21:00:00Z"));

        Assert.Equal(new WindowState.Open(Utc("2026-03-29T04:00:00Z")), state);
    }

    [Fact]
    public void Windows_that_touch_are_one_stretch_so_a_move_is_not_stopped_at_midnight()
    {
        var schedule = Schedule("Daily 22:00-24:00", "Daily 00:00-06:00");

        Assert.Equal(new WindowState.Open(BerlinTime("2026-12-09T06:00:00")), schedule.At(BerlinTime("2026-12-08T23:59:00")));
    }

    [Fact]
    public void No_windows_and_a_whole_week_of_windows_are_both_always_open()
    {
        Assert.Equal(new WindowState.Open(null), new MoveSchedule(Berlin, []).At(Utc("2026-12-08T12:00:00Z")));
        Assert.Equal(new WindowState.Open(null), Schedule("Daily 00:00-24:00").At(Utc("2026-12-08T12:00:00Z")));
    }

    [Fact]
    public void A_range_of_days_may_wrap_over_the_weekend()
    {
        var (window, errors) = MoveWindow.Parse("Fri-Mon", "08:00", "18:00");

        Assert.Empty(errors);
        Assert.Equal(WeekDays.Fri | WeekDays.Sat | WeekDays.Sun | WeekDays.Mon, window!.Days);
        Assert.Equal("Mon,Fri-Sun 08:00-18:00", window.ToString());
    }

    [Theory]
    [InlineData("Mon-Fri 22:00-06:00")]
    [InlineData("Sat,Sun 00:00-24:00")]
    [InlineData("Mon,Wed,Fri 09:30-17:45")]
    [InlineData("Daily 01:00-05:00")]
    public void The_stored_form_reads_back_as_written(string stored) =>
        Assert.Equal(stored, MoveWindow.ParseStored(stored).ToString());

    [Theory]
    [InlineData("Mon-Funday", "22:00", "06:00", "days: 'Mon-Funday' is not a day or a range of days")]
    [InlineData("", "22:00", "06:00", "days is missing")]
    [InlineData("Mon", "25:00", "06:00", "from must be a time of day as HH:mm")]
    [InlineData("Mon", "24:00", "06:00", "from must be a time of day as HH:mm")]
    [InlineData("Mon", "22:00", "6pm", "to must be a time of day as HH:mm")]
    [InlineData("Mon", "22:00", "22:00", "the window would be empty")]
    public void A_window_that_cannot_be_read_says_what_to_write(string days, string from, string to, string expected)
    {
        var (window, errors) = MoveWindow.Parse(days, from, to);

        Assert.Null(window);
        Assert.Contains(errors, e => e.Contains(expected, StringComparison.Ordinal));
    }
}
