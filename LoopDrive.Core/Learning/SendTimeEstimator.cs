namespace LoopDrive.Core.Learning;

/// <summary>
/// Engagement by hour of the week (the recipient's local time, 0 = Monday 00:00; see <see cref="LocalSendTimes"/>). A person's rate at an hour is their
/// own engagements there shrunk toward the population's rate at that hour, so someone with three
/// sends gets the crowd's answer and someone with three hundred gets their own. The population
/// itself is smoothed over neighbouring hours, since 18:00 and 19:00 rarely differ by much.
/// </summary>
public static class SendTimeEstimator
{
    public const int HoursPerWeek = 168;

    /// <summary>How many sends of evidence the population prior is worth for one person.</summary>
    public const double PriorStrength = 6;

    public static readonly TimeSpan DefaultGap = TimeSpan.FromHours(72);
    public static readonly TimeSpan MinGap = TimeSpan.FromHours(24);
    public static readonly TimeSpan MaxGap = TimeSpan.FromDays(14);

    public static int HourOfWeek(DateTimeOffset at)
    {
        var utc = at.UtcDateTime;
        var day = ((int)utc.DayOfWeek + 6) % 7;
        return day * 24 + utc.Hour;
    }

    /// <summary>Population engagement rate per hour: a weak overall prior, then a ±1 hour triangular smoothing.</summary>
    public static double[] PopulationRates(ReadOnlySpan<double> trials, ReadOnlySpan<double> successes)
    {
        double totalTrials = 0, totalSuccesses = 0;
        for (var h = 0; h < HoursPerWeek; h++)
        {
            totalTrials += trials[h];
            totalSuccesses += successes[h];
        }
        var overall = (totalSuccesses + 1) / (totalTrials + 2);
        var raw = new double[HoursPerWeek];
        for (var h = 0; h < HoursPerWeek; h++)
            raw[h] = (successes[h] + 2 * overall) / (trials[h] + 2);
        var smoothed = new double[HoursPerWeek];
        for (var h = 0; h < HoursPerWeek; h++)
        {
            var before = raw[(h + HoursPerWeek - 1) % HoursPerWeek];
            var after = raw[(h + 1) % HoursPerWeek];
            smoothed[h] = (before + 2 * raw[h] + after) / 4;
        }
        return smoothed;
    }

    /// <summary>A person's rate per hour: (their successes + k·population rate) / (their trials + k).</summary>
    public static double[] PersonRates(ReadOnlySpan<double> trials, ReadOnlySpan<double> successes, ReadOnlySpan<double> population)
    {
        var rates = new double[HoursPerWeek];
        for (var h = 0; h < HoursPerWeek; h++)
            rates[h] = (successes[h] + PriorStrength * population[h]) / (trials[h] + PriorStrength);
        return rates;
    }

    /// <summary>The start hour of the <paramref name="width"/>-hour window with the highest mean rate, that mean, and its lift over the week's mean.</summary>
    public static (int StartHour, double Rate, double Lift) BestWindow(ReadOnlySpan<double> rates, int width = 2)
    {
        var best = 0;
        var bestMean = double.NegativeInfinity;
        double weekMean = 0;
        for (var h = 0; h < HoursPerWeek; h++) weekMean += rates[h] / HoursPerWeek;
        for (var start = 0; start < HoursPerWeek; start++)
        {
            double sum = 0;
            for (var i = 0; i < width; i++) sum += rates[(start + i) % HoursPerWeek];
            var mean = sum / width;
            if (mean > bestMean)
            {
                bestMean = mean;
                best = start;
            }
        }
        return (best, bestMean, weekMean > 0 ? bestMean / weekMean - 1 : 0);
    }

    /// <summary>The best hour of the day when the weekday does not matter (every day's same hour pooled).</summary>
    public static int BestHourOfDay(ReadOnlySpan<double> rates)
    {
        var byHour = new double[24];
        for (var h = 0; h < HoursPerWeek; h++) byHour[h % 24] += rates[h];
        var best = 0;
        for (var h = 1; h < 24; h++) if (byHour[h] > byHour[best]) best = h;
        return best;
    }

    /// <summary>
    /// The gap to leave before the next message: the person's own mean time between engagements
    /// once there are two, else the default; stretched for people who engage less than the
    /// population (fatigue), shrunk for those who engage more; always within [1 day, 14 days].
    /// </summary>
    public static TimeSpan RecommendedGap(double? meanGapHours, double personRate, double populationRate)
    {
        var baseHours = meanGapHours ?? DefaultGap.TotalHours;
        var ratio = personRate > 0 && populationRate > 0 ? Math.Sqrt(populationRate / personRate) : 1;
        var hours = Math.Clamp(baseHours * ratio, MinGap.TotalHours, MaxGap.TotalHours);
        return TimeSpan.FromHours(Math.Round(hours, 1));
    }

    /// <summary>The first moment at or after <paramref name="earliest"/> that falls in the hour of week <paramref name="hourOfWeek"/>.</summary>
    public static DateTimeOffset NextAt(DateTimeOffset earliest, int hourOfWeek)
    {
        var utc = earliest.ToUniversalTime();
        var hourStart = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
        var current = HourOfWeek(hourStart);
        var ahead = (hourOfWeek - current + HoursPerWeek) % HoursPerWeek;
        var at = hourStart.AddHours(ahead);
        return at < utc ? (ahead == 0 ? utc : at.AddHours(HoursPerWeek)) : at;
    }

    /// <summary>The mean gap after one more engagement: an exponentially weighted mean (new gaps weigh 30 %).</summary>
    public static double? NextMeanGap(double? meanGapHours, DateTimeOffset? lastEngagedAt, DateTimeOffset engagedAt)
    {
        if (lastEngagedAt is not { } last || engagedAt <= last) return meanGapHours;
        var gap = (engagedAt - last).TotalHours;
        return Math.Round(meanGapHours is { } mean ? 0.7 * mean + 0.3 * gap : gap, 3);
    }

    /// <summary>
    /// Thompson sampling over the hours of one day: each hour's estimated rate becomes a Beta with as
    /// many pseudo-observations as the evidence behind it (the person's sends there plus the prior's
    /// weight), one draw per hour, the highest wins. Well-known hours are exploited, unknown ones tried.
    /// </summary>
    public static int SampleHourOfWeek(int dayOfWeek, ReadOnlySpan<double> rates, ReadOnlySpan<double> personTrials, ReadOnlySpan<double> populationTrials, Random random)
    {
        var best = dayOfWeek * 24;
        var bestDraw = double.NegativeInfinity;
        for (var h = 0; h < 24; h++)
        {
            var how = dayOfWeek * 24 + h;
            var draw = Draw(how, rates, personTrials, populationTrials, random);
            if (draw > bestDraw)
            {
                bestDraw = draw;
                best = how;
            }
        }
        return best;
    }

    /// <summary>One Thompson draw for an hour of week: its rate as a Beta worth the person's sends there, the prior's weight and a tenth of the crowd's (capped).</summary>
    public static double Draw(int hourOfWeek, ReadOnlySpan<double> rates, ReadOnlySpan<double> personTrials, ReadOnlySpan<double> populationTrials, Random random)
    {
        var evidence = personTrials[hourOfWeek] + PriorStrength + Math.Min(populationTrials[hourOfWeek], 200) / 10;
        var rate = Math.Clamp(rates[hourOfWeek], 1e-4, 1 - 1e-4);
        return new Voice.Snippets.BetaPosterior(rate * evidence + 0.5, (1 - rate) * evidence + 0.5).Sample(random);
    }
}
