namespace LoopDrive.Core.Learning;

/// <summary>
/// A Normal posterior for a mean with known observation variance (conjugate Normal–Normal):
/// precision adds up, the mean is the precision-weighted average. Used for rewards that are not
/// yes/no (revenue per delivery, return on a channel's spend).
/// </summary>
public readonly record struct NormalPosterior(double Mean, double Variance)
{
    public static NormalPosterior Prior(double mean, double variance) => new(mean, variance);

    /// <summary>After <paramref name="count"/> observations with the given sum and per-observation noise variance.</summary>
    public NormalPosterior Update(double sum, double count, double noiseVariance)
    {
        if (count <= 0) return this;
        var precision = 1 / Variance + count / noiseVariance;
        var mean = (Mean / Variance + sum / noiseVariance) / precision;
        return new(mean, 1 / precision);
    }

    public NormalPosterior Observe(double value, double noiseVariance) => Update(value, 1, noiseVariance);

    public double StdDev => Math.Sqrt(Variance);

    public double Sample(Random random)
    {
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Mean + StdDev * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
