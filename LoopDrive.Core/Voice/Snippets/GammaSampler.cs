namespace LoopDrive.Core.Voice.Snippets;

/// <summary>Gamma(shape, 1) draws by Marsaglia and Tsang's squeeze method; shapes below 1 use the boost Gamma(k+1)·U^(1/k).</summary>
internal static class GammaSampler
{
    public static double Sample(Random random, double shape)
    {
        if (shape < 1)
            return Sample(random, shape + 1) * Math.Pow(1 - random.NextDouble(), 1 / shape);
        var d = shape - 1.0 / 3;
        var c = 1 / Math.Sqrt(9 * d);
        while (true)
        {
            double x, v;
            do
            {
                x = Normal(random);
                v = 1 + c * x;
            }
            while (v <= 0);
            v = v * v * v;
            var u = 1 - random.NextDouble();
            if (u < 1 - 0.0331 * x * x * x * x) return d * v;
            if (Math.Log(u) < 0.5 * x * x + d * (1 - v + Math.Log(v))) return d * v;
        }
    }

    private static double Normal(Random random)
    {
        // Box–Muller; 1 − U keeps the logarithm finite.
        var u1 = 1 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
