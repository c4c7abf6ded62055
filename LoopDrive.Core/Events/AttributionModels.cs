namespace LoopDrive.Core.Events;

/// <summary>
/// The five credit models over touchpoints in time order. Every model's weights sum to 1 (or are
/// empty when there is nothing to credit); time decay halves a touch's credit per half-life of
/// distance from the conversion, so it never decreases towards the conversion.
/// </summary>
public static class AttributionModels
{
    public const string FirstTouch = "first_touch";
    public const string LastTouch = "last_touch";
    public const string Linear = "linear";
    public const string TimeDecay = "time_decay";
    public const string PositionBased = "position_based";

    public static readonly TimeSpan DefaultHalfLife = TimeSpan.FromDays(7);
    public const int DefaultLookbackDays = 30;

    /// <param name="touches">Touch times, oldest first.</param>
    public static double[] Weights(string model, IReadOnlyList<DateTimeOffset> touches, DateTimeOffset conversion, TimeSpan? halfLife = null)
    {
        var n = touches.Count;
        var weights = new double[n];
        if (n == 0) return weights;
        switch (model)
        {
            case FirstTouch:
                weights[0] = 1;
                break;
            case LastTouch:
                weights[n - 1] = 1;
                break;
            case Linear:
                Array.Fill(weights, 1.0 / n);
                break;
            case TimeDecay:
                var h = (halfLife ?? DefaultHalfLife).TotalSeconds;
                for (var i = 0; i < n; i++)
                    weights[i] = Math.Pow(0.5, Math.Max(0, (conversion - touches[i]).TotalSeconds) / h);
                Normalize(weights);
                break;
            case PositionBased:
                if (n == 1) weights[0] = 1;
                else if (n == 2) weights[0] = weights[1] = 0.5;
                else
                {
                    // 40 % first, 40 % last, the middle 20 % shared evenly.
                    weights[0] = 0.4;
                    weights[n - 1] = 0.4;
                    for (var i = 1; i < n - 1; i++) weights[i] = 0.2 / (n - 2);
                }
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(model), model, "Unknown attribution model.");
        }
        return weights;
    }

    private static void Normalize(double[] weights)
    {
        var sum = weights.Sum();
        // Touches many half-lives old underflow to zero; then the newest takes everything rather than dividing by zero.
        if (sum <= 0)
        {
            Array.Clear(weights);
            weights[^1] = 1;
            return;
        }
        for (var i = 0; i < weights.Length; i++) weights[i] /= sum;
    }

    /// <summary>Whole cents by weight, largest remainders first, so the shares add up to the total exactly.</summary>
    public static long[] SplitCents(long total, IReadOnlyList<double> weights)
    {
        var shares = new long[weights.Count];
        if (weights.Count == 0) return shares;
        var remainders = new (double Fraction, int Index)[weights.Count];
        long assigned = 0;
        for (var i = 0; i < weights.Count; i++)
        {
            var exact = total * weights[i];
            shares[i] = (long)Math.Floor(exact);
            assigned += shares[i];
            remainders[i] = (exact - shares[i], i);
        }
        foreach (var (_, index) in remainders.OrderByDescending(r => r.Fraction).ThenBy(r => r.Index).Take((int)Math.Max(0, total - assigned)))
            shares[index]++;
        return shares;
    }
}
