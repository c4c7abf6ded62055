namespace LoopDrive.Core.Budget.Allocation;

/// <summary>
/// Exact continuous solvers over box constraints [min, max] with a fixed total. For concave
/// saturating curves the optimum equalizes marginal value: b_i = (ln(A_i·ipc_i) − μ) / k_i,
/// clipped to its box, with μ found by bisection so the budgets sum to the total.
/// </summary>
internal static class WaterFilling
{
    private const int Iterations = 48;

    /// <param name="logGain">ln(A_i·ipc_i): log of the marginal value of the first cent.</param>
    public static void Solve(ReadOnlySpan<double> logGain, ReadOnlySpan<double> k, ReadOnlySpan<double> min, ReadOnlySpan<double> max,
        double total, Span<double> result)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        for (var i = 0; i < logGain.Length; i++)
        {
            lo = Math.Min(lo, logGain[i] - k[i] * max[i]);
            hi = Math.Max(hi, logGain[i] - k[i] * min[i]);
        }
        lo -= 1;
        hi += 1;
        for (var iteration = 0; iteration < Iterations; iteration++)
        {
            var mu = 0.5 * (lo + hi);
            if (Sum(logGain, k, min, max, mu) > total) lo = mu;
            else hi = mu;
        }
        Fill(logGain, k, min, max, 0.5 * (lo + hi), result);
        Rebalance(min, max, total, result);
    }

    /// <summary>
    /// <see cref="Solve"/> starting from a water level close to the answer (<paramref name="guess"/> ± <paramref name="width"/>),
    /// widening the bracket until it holds the root. Returns the level found, for the next call.
    /// </summary>
    public static double SolveNear(ReadOnlySpan<double> logGain, ReadOnlySpan<double> k, ReadOnlySpan<double> min, ReadOnlySpan<double> max,
        double total, Span<double> result, double guess, double width)
    {
        if (double.IsNaN(guess))
        {
            Solve(logGain, k, min, max, total, result);
            return LevelOf(logGain, k, min, max, result);
        }
        double lo = guess - width, hi = guess + width;
        while (Sum(logGain, k, min, max, lo) < total && width < 1e6) { width *= 2; lo = guess - width; }
        while (Sum(logGain, k, min, max, hi) > total && width < 1e6) { width *= 2; hi = guess + width; }
        for (var iteration = 0; iteration < 32; iteration++)
        {
            var mu = 0.5 * (lo + hi);
            if (Sum(logGain, k, min, max, mu) > total) lo = mu;
            else hi = mu;
        }
        var level = 0.5 * (lo + hi);
        Fill(logGain, k, min, max, level, result);
        Rebalance(min, max, total, result);
        return level;
    }

    /// <summary>The water level of a solved allocation: from any channel strictly inside its box.</summary>
    private static double LevelOf(ReadOnlySpan<double> logGain, ReadOnlySpan<double> k, ReadOnlySpan<double> min, ReadOnlySpan<double> max, ReadOnlySpan<double> result)
    {
        for (var i = 0; i < result.Length; i++)
            if (result[i] > min[i] + 1e-6 && result[i] < max[i] - 1e-6) return logGain[i] - k[i] * result[i];
        return double.NaN;
    }

    /// <summary>Budgets proportional to <paramref name="weight"/>, clipped to their boxes, summing to the total.</summary>
    public static void Proportional(ReadOnlySpan<double> weight, ReadOnlySpan<double> min, ReadOnlySpan<double> max, double total, Span<double> result)
    {
        double lo = 0, hi = 1;
        while (SumScaled(weight, min, max, hi) < total && hi < 1e18) hi *= 2;
        for (var iteration = 0; iteration < 80; iteration++)
        {
            var t = 0.5 * (lo + hi);
            if (SumScaled(weight, min, max, t) < total) lo = t;
            else hi = t;
        }
        for (var i = 0; i < weight.Length; i++) result[i] = Math.Clamp(hi * weight[i], min[i], max[i]);
        Rebalance(min, max, total, result);
    }

    private static double Sum(ReadOnlySpan<double> logGain, ReadOnlySpan<double> k, ReadOnlySpan<double> min, ReadOnlySpan<double> max, double mu)
    {
        var sum = 0.0;
        for (var i = 0; i < logGain.Length; i++)
            sum += Math.Clamp((logGain[i] - mu) / k[i], min[i], max[i]);
        return sum;
    }

    private static void Fill(ReadOnlySpan<double> logGain, ReadOnlySpan<double> k, ReadOnlySpan<double> min, ReadOnlySpan<double> max, double mu, Span<double> result)
    {
        for (var i = 0; i < logGain.Length; i++)
            result[i] = Math.Clamp((logGain[i] - mu) / k[i], min[i], max[i]);
    }

    private static double SumScaled(ReadOnlySpan<double> weight, ReadOnlySpan<double> min, ReadOnlySpan<double> max, double t)
    {
        var sum = 0.0;
        for (var i = 0; i < weight.Length; i++) sum += Math.Clamp(t * weight[i], min[i], max[i]);
        return sum;
    }

    /// <summary>Bisection leaves a tiny residue; spread it over channels with room so the sum is exact.</summary>
    private static void Rebalance(ReadOnlySpan<double> min, ReadOnlySpan<double> max, double total, Span<double> result)
    {
        for (var pass = 0; pass < 4; pass++)
        {
            var gap = total;
            foreach (var v in result) gap -= v;
            if (Math.Abs(gap) < 1e-9) return;
            var room = 0.0;
            for (var i = 0; i < result.Length; i++) room += gap > 0 ? max[i] - result[i] : result[i] - min[i];
            if (room <= 0) return;
            for (var i = 0; i < result.Length; i++)
            {
                var share = gap > 0 ? max[i] - result[i] : result[i] - min[i];
                result[i] += gap * share / room;
            }
        }
    }

    /// <summary>Whole cents: floors, then the leftover cents to the largest fractions that still have room.</summary>
    public static long[] RoundToCents(ReadOnlySpan<double> values, ReadOnlySpan<double> min, ReadOnlySpan<double> max, long total)
    {
        var cents = new long[values.Length];
        var order = new (double Fraction, int Index)[values.Length];
        var sum = 0L;
        for (var i = 0; i < values.Length; i++)
        {
            cents[i] = (long)Math.Clamp(Math.Floor(values[i] + 1e-9), min[i], max[i]);
            sum += cents[i];
            order[i] = (values[i] - cents[i], i);
        }
        Array.Sort(order, (a, b) => b.Fraction.CompareTo(a.Fraction));
        var left = total - sum;
        while (left != 0)
        {
            var moved = false;
            foreach (var (_, i) in order)
            {
                if (left == 0) break;
                if (left > 0 && cents[i] < max[i]) { cents[i]++; left--; moved = true; }
                else if (left < 0 && cents[i] > min[i]) { cents[i]--; left++; moved = true; }
            }
            if (!moved) break;
        }
        return cents;
    }
}
