using LoopDrive.Contracts.Learning;
using LoopDrive.Web.Components.Pages.Learning;

namespace LoopDrive.Web.Tests.Learning;

public sealed class LearningDisplayTests
{
    [Theory]
    [InlineData(0, "Mon 00:00")]
    [InlineData(43, "Tue 19:00")]
    [InlineData(167, "Sun 23:00")]
    [InlineData(168, "Mon 00:00")]
    public void Hours_of_the_week_count_from_monday_midnight(int hour, string expected) =>
        Assert.Equal(expected, LearningDisplay.HourOfWeek(hour));

    [Fact]
    public void A_window_ending_past_sunday_midnight_wraps_to_monday() =>
        Assert.Equal("Sun 23:00–01:00", LearningDisplay.Window(167));

    [Theory]
    [InlineData(72, "3 days")]
    [InlineData(84, "3.5 days")]
    [InlineData(30, "30 h")]
    public void Gaps_read_in_days_from_two_days_up(double hours, string expected) => Assert.Equal(expected, LearningDisplay.Gap(hours));

    [Fact]
    public void A_trend_puts_days_on_the_ranges_width_and_rates_on_the_shared_scale_with_the_band_around_the_line()
    {
        var from = new DateOnly(2025, 11, 10);
        var days = new[] { new ArmDay(from.AddDays(10), 10, 5, 0, 0.5, 0.25, 0.75), new ArmDay(from, 10, 2, 0, 0.25, 0.1, 0.5) };

        var line = TrendLine.From(days, from, from.AddDays(10), yMax: 1, width: 100, height: 40);

        // Ordered by day: the first point at the left edge, the last at the right; y grows downward.
        Assert.Equal([(0.0, 30.0), (100.0, 20.0)], line.Points);
        Assert.Equal("0,30 100,20", line.Mean);
        Assert.Equal("0,20 100,10 100,30 0,36", line.Band);
    }

    [Theory]
    [InlineData(0.0, 0.1)]
    [InlineData(0.23, 0.3)]
    [InlineData(0.3, 0.3)]
    [InlineData(0.97, 1.0)]
    public void The_shared_scale_tops_out_at_the_next_tenth_above_the_highest_bound(double highest, double top) =>
        Assert.Equal(top, TrendLine.ScaleTop([0.05, highest]), 6);

    [Fact]
    public void Topics_are_ordered_by_their_latest_weight_and_capped()
    {
        var today = new DateOnly(2025, 11, 20);
        var points = Enumerable.Range(0, 15).Select(i => new TopicWeightPoint(today, $"t{i:00}", i / 20.0, 1)).ToList();

        var map = HeatMap.Topics(points, today.AddDays(-1), today, workspace: false, topics: 12);

        Assert.Equal(12, map.Rows.Count);
        Assert.Equal("t14", map.Rows[0]);
        Assert.Equal(["Nov 19", "Nov 20"], map.Columns);
        Assert.Null(map.Cells[0][0].Intensity);
        Assert.Equal(0.7, map.Cells[0][1].Intensity);
    }

    [Fact]
    public void A_flat_week_shades_every_hour_the_same()
    {
        var flat = new SendTimeHeatmap(null, Enumerable.Repeat(0.1, 168).ToArray(), new double[168], 0, 0.1, 0, 72, 0, 0);

        var map = HeatMap.SendTimes(flat);

        Assert.All(map.Cells.SelectMany(r => r), c => Assert.Equal(0.5, c.Intensity));
        Assert.Equal(["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"], map.Rows);
    }
}
