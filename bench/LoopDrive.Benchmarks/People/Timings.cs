using System.Diagnostics;

namespace LoopDrive.Benchmarks.People;

/// <summary>Latency samples of one repetition and the statistics the report uses.</summary>
internal static class Timings
{
    public static async Task<List<double>> SampleAsync(int iterations, Func<int, Task> operation, CancellationToken cancellationToken)
    {
        var samples = new List<double>(iterations);
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var start = Stopwatch.GetTimestamp();
            await operation(i);
            samples.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return samples;
    }

    public static double Percentile(IReadOnlyCollection<double> values, double percentile)
    {
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Count - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
