using LoopDrive.Core.Learning;

namespace LoopDrive.Core.Tests.Learning;

public sealed class LocalSendTimesTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

    [Fact]
    public void The_hour_of_week_is_the_recipients_local_one_in_winter_and_in_summer()
    {
        // Monday 00:00 UTC is Sunday 19:00 in New York in January (UTC-5) and Sunday 20:00 in July (UTC-4).
        Assert.Equal(6 * 24 + 19, LocalSendTimes.HourOfWeek(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), NewYork));
        Assert.Equal(6 * 24 + 20, LocalSendTimes.HourOfWeek(new DateTimeOffset(2026, 7, 6, 0, 0, 0, TimeSpan.Zero), NewYork));
        Assert.Equal(9, LocalSendTimes.HourOfWeek(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), Tokyo));
        Assert.Equal(0, LocalSendTimes.HourOfWeek(new DateTimeOffset(2026, 1, 5, 0, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
    }

    [Fact]
    public void A_local_hour_maps_back_to_the_utc_instant_of_that_day_across_a_dst_change()
    {
        // 19:00 in New York: 00:00 UTC the next day before the spring change (8 March 2026), 23:00 UTC after it.
        var before = Candidate(new DateTimeOffset(2026, 3, 6, 20, 30, 0, TimeSpan.Zero), NewYork, hourOfDay: 19);
        var after = Candidate(new DateTimeOffset(2026, 3, 9, 20, 30, 0, TimeSpan.Zero), NewYork, hourOfDay: 19);

        Assert.Equal(new DateTimeOffset(2026, 3, 7, 0, 0, 0, TimeSpan.Zero), before);
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 23, 0, 0, TimeSpan.Zero), after);
    }

    [Fact]
    public void The_hour_that_does_not_exist_on_the_spring_change_is_not_offered_and_the_repeated_autumn_hour_is_offered_once()
    {
        var spring = LocalSendTimes.Candidates(new DateTimeOffset(2026, 3, 8, 5, 30, 0, TimeSpan.Zero), NewYork, TimeSpan.FromHours(4)).ToList();
        var autumn = LocalSendTimes.Candidates(new DateTimeOffset(2026, 11, 1, 4, 30, 0, TimeSpan.Zero), NewYork, TimeSpan.FromHours(4)).ToList();

        // 00:30 local on 8 March: 01:00, then 03:00 (02:00 does not exist), 04:00, 05:00 (09:00 UTC, inside four hours).
        Assert.Equal([0, 1, 3, 4, 5], spring.Select(c => c.HourOfWeek % 24).ToList());
        Assert.Equal(spring.Count, spring.Select(c => c.At).Distinct().Count());
        // 00:30 local on 1 November: 01:00 happens twice, offered at its first (summer-time) occurrence only.
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 5, 0, 0, TimeSpan.Zero), Assert.Single(autumn, c => c.HourOfWeek % 24 == 1).At);
        Assert.Equal([0, 1, 2, 3], autumn.Select(c => c.HourOfWeek % 24).ToList());
        Assert.True(autumn.Zip(autumn.Skip(1)).All(p => p.First.At < p.Second.At));
    }

    [Fact]
    public void The_chosen_time_lies_in_the_sending_window_and_favours_the_hour_the_person_answers_at()
    {
        var now = new DateTimeOffset(2026, 5, 13, 3, 0, 0, TimeSpan.Zero); // Tuesday 23:00 in New York
        var rates = Enumerable.Repeat(0.02, SendTimeEstimator.HoursPerWeek).ToArray();
        var trials = new double[SendTimeEstimator.HoursPerWeek];
        var wednesday18 = 2 * 24 + 18;
        rates[wednesday18] = 0.6;
        trials[wednesday18] = 200;

        var picks = Enumerable.Range(0, 50).Select(seed =>
            LocalSendTimes.Choose(now, NewYork, TimeSpan.FromHours(24), 8, 21, rates, trials, trials, new Random(seed))).ToList();

        Assert.All(picks, p => Assert.InRange(TimeZoneInfo.ConvertTime(p.At, NewYork).Hour, 8, 20));
        Assert.All(picks, p => Assert.Equal(p.HourOfWeek, LocalSendTimes.HourOfWeek(p.At, NewYork)));
        Assert.True(picks.Count(p => p.HourOfWeek == wednesday18) >= 45, $"{picks.Count(p => p.HourOfWeek == wednesday18)} of 50 at Wednesday 18:00");
        Assert.Equal(new DateTimeOffset(2026, 5, 13, 22, 0, 0, TimeSpan.Zero), picks.First(p => p.HourOfWeek == wednesday18).At);
    }

    [Fact]
    public void With_no_hour_of_the_horizon_in_the_window_the_touch_waits_for_the_window_to_open()
    {
        var now = new DateTimeOffset(2026, 5, 13, 3, 0, 0, TimeSpan.Zero); // 23:00 in New York
        var flat = Enumerable.Repeat(0.1, SendTimeEstimator.HoursPerWeek).ToArray();
        var none = new double[SendTimeEstimator.HoursPerWeek];

        var (at, _) = LocalSendTimes.Choose(now, NewYork, TimeSpan.Zero, 8, 21, flat, none, none, new Random(1));

        Assert.Equal(new DateTimeOffset(2026, 5, 13, 12, 0, 0, TimeSpan.Zero), at);
    }

    private static DateTimeOffset Candidate(DateTimeOffset now, TimeZoneInfo zone, int hourOfDay) =>
        LocalSendTimes.Candidates(now, zone, TimeSpan.FromHours(24)).First(c => c.HourOfWeek % 24 == hourOfDay).At;
}
