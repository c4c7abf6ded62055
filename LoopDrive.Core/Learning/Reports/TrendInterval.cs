using LoopDrive.Core.Voice.Snippets;

namespace LoopDrive.Core.Learning.Reports;

/// <summary>
/// The 90 % credible interval of a posterior for one point of a daily trend. A trend asks for one
/// interval per arm and day, and the exact quantile (bisection over the incomplete beta) slows down
/// as counts grow; once both α and β are large the Beta is nearly symmetric and close to normal, so
/// the normal interval stands in for it there — the difference is far below what a trend line shows.
/// </summary>
public static class TrendInterval
{
    /// <summary>Both α and β at least this: the normal approximation is used.</summary>
    public const double NormalFrom = 50;

    private const double Z90 = 1.6448536269514722;

    public static (double Low, double High) Of(BetaPosterior posterior)
    {
        if (Math.Min(posterior.Alpha, posterior.Beta) < NormalFrom) return posterior.Interval90;
        var n = posterior.Alpha + posterior.Beta;
        var mean = posterior.Mean;
        var sd = Math.Sqrt(mean * (1 - mean) / (n + 1));
        return (Math.Max(0, mean - Z90 * sd), Math.Min(1, mean + Z90 * sd));
    }
}
