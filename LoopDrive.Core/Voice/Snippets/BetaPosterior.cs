namespace LoopDrive.Core.Voice.Snippets;

/// <summary>
/// A snippet's win rate as Beta(1 + conversions, 1 + impressions − conversions): a uniform prior
/// updated by outcomes. The mean is the reported win rate (a new snippet starts at 0.5); the
/// central 90 % credible interval comes from the inverse of the regularized incomplete beta.
/// </summary>
public readonly record struct BetaPosterior(double Alpha, double Beta)
{
    public static BetaPosterior For(int impressions, int conversions)
    {
        var wins = Math.Clamp(conversions, 0, Math.Max(0, impressions));
        return new(1 + wins, 1 + Math.Max(0, impressions - wins));
    }

    public double Mean => Alpha / (Alpha + Beta);

    public (double Low, double High) Interval90 => (Quantile(0.05), Quantile(0.95));

    /// <summary>The p-quantile by bisection on the CDF (monotone, so 60 halvings give full double precision).</summary>
    public double Quantile(double p)
    {
        double lo = 0, hi = 1;
        for (var i = 0; i < 60; i++)
        {
            var mid = (lo + hi) / 2;
            if (Cdf(mid) < p) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    public double Cdf(double x) => IncompleteBeta.Regularized(Alpha, Beta, x);

    /// <summary>One draw: X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β).</summary>
    public double Sample(Random random)
    {
        var x = GammaSampler.Sample(random, Alpha);
        var y = GammaSampler.Sample(random, Beta);
        return x / (x + y);
    }
}
