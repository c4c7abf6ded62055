using LoopDrive.Core.Learning;

namespace LoopDrive.Core.Tests.Learning;

public sealed class SendTimeEstimatorTests
{
    private const int H = SendTimeEstimator.HoursPerWeek;

    [Fact]
    public void Hour_of_week_starts_on_monday_midnight_utc()
    {
        Assert.Equal(0, SendTimeEstimator.HourOfWeek(new DateTimeOffset(2026, 3, 2, 0, 30, 0, TimeSpan.Zero)));
        Assert.Equal(6 * 24 + 23, SendTimeEstimator.HourOfWeek(new DateTimeOffset(2026, 3, 8, 23, 0, 0, TimeSpan.Zero)));
        Assert.Equal(10, SendTimeEstimator.HourOfWeek(new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.FromHours(2))));
    }

    [Fact]
    public void A_synthetic_evening_person_gets_an_evening_window()
    {
        // Sent at every hour for ten weeks; engages 40 % at 19–20h, 5 % elsewhere.
        var trials = new double[H];
        var successes = new double[H];
        for (var h = 0; h < H; h++)
        {
            trials[h] = 10;
            successes[h] = h % 24 is 19 or 20 ? 4 : 0.5;
        }
        var population = SendTimeEstimator.PopulationRates(new double[H], new double[H]);
        var rates = SendTimeEstimator.PersonRates(trials, successes, population);

        var (start, _, lift) = SendTimeEstimator.BestWindow(rates);
        Assert.Equal(19, start % 24);
        Assert.True(lift > 0.5, $"lift {lift}");
        Assert.Equal(19, SendTimeEstimator.BestHourOfDay(rates));
    }

    [Fact]
    public void A_sparse_person_follows_the_population_and_a_rich_one_their_own_data()
    {
        var popTrials = new double[H];
        var popSuccesses = new double[H];
        for (var h = 0; h < H; h++)
        {
            popTrials[h] = 1000;
            popSuccesses[h] = h % 24 == 8 ? 300 : 50;
        }
        var population = SendTimeEstimator.PopulationRates(popTrials, popSuccesses);

        var sparseTrials = new double[H];
        var sparseSuccesses = new double[H];
        sparseTrials[22] = 1;
        sparseSuccesses[22] = 1;
        Assert.Equal(8, SendTimeEstimator.BestHourOfDay(SendTimeEstimator.PersonRates(sparseTrials, sparseSuccesses, population)));

        var richTrials = new double[H];
        var richSuccesses = new double[H];
        for (var d = 0; d < 7; d++)
        {
            richTrials[d * 24 + 22] = 40;
            richSuccesses[d * 24 + 22] = 30;
            richTrials[d * 24 + 8] = 40;
            richSuccesses[d * 24 + 8] = 2;
        }
        Assert.Equal(22, SendTimeEstimator.BestHourOfDay(SendTimeEstimator.PersonRates(richTrials, richSuccesses, population)));
    }

    [Fact]
    public void Recommended_gap_stretches_for_people_who_engage_less_and_stays_in_bounds()
    {
        var normal = SendTimeEstimator.RecommendedGap(null, 0.1, 0.1);
        var tired = SendTimeEstimator.RecommendedGap(null, 0.025, 0.1);
        Assert.Equal(SendTimeEstimator.DefaultGap, normal);
        Assert.Equal(TimeSpan.FromHours(144), tired);
        Assert.Equal(SendTimeEstimator.MinGap, SendTimeEstimator.RecommendedGap(2, 0.5, 0.1));
        Assert.Equal(SendTimeEstimator.MaxGap, SendTimeEstimator.RecommendedGap(2000, 0.1, 0.1));
        Assert.Equal(48, SendTimeEstimator.NextMeanGap(null, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 3, 3, 0, 0, 0, TimeSpan.Zero)));
    }

    [Fact]
    public void Next_slot_is_the_next_occurrence_of_the_hour_of_week()
    {
        var monday10 = new DateTimeOffset(2026, 3, 2, 10, 15, 0, TimeSpan.Zero);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 19, 0, 0, TimeSpan.Zero), SendTimeEstimator.NextAt(monday10, 19));
        Assert.Equal(new DateTimeOffset(2026, 3, 9, 9, 0, 0, TimeSpan.Zero), SendTimeEstimator.NextAt(monday10, 9));
        Assert.Equal(monday10, SendTimeEstimator.NextAt(monday10, 10));
    }
}
