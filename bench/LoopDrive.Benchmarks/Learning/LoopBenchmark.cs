using System.Globalization;
using LoopDrive.Infrastructure.Learning.World;

namespace LoopDrive.Benchmarks.Learning;

/// <summary>
/// <c>bench loop [--seed N] [--sends N] [--persons N] [--days N] [--base-rate X] [--outcomes N] [--part world|tune] [--concurrency N] [--read-ahead N]</c>:
/// the simulated world run headless with the Core learning code, each regret printed next to its
/// non-learning baseline from the same run, then <c>learning.tune</c> throughput on its own
/// PostgreSQL next to the inbox-only floor measured in the same run.
/// </summary>
internal static class LoopBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var parameters = new WorldParameters
        {
            Seed = Option(args, "--seed", 42),
            Persons = Option(args, "--persons", 2000),
            BaseRate = OptionDouble(args, "--base-rate", 0.12),
        };
        var sends = Option(args, "--sends", 20_000);
        var days = Option(args, "--days", 28);
        var failed = false;
        var part = args.SkipWhile(a => a != "--part").Skip(1).FirstOrDefault();
        if (part != "tune") failed |= RunWorld(parameters, sends, days);
        var spine = new LoopDrive.Infrastructure.Spine.SpineOptions();
        if (part != "world")
            failed |= await RunTuneAsync(Option(args, "--outcomes", 20_000), Option(args, "--concurrency", spine.ConsumerConcurrency),
                Option(args, "--read-ahead", spine.ConsumerReadAhead));
        return failed ? 1 : 0;
    }

    private static bool RunWorld(WorldParameters parameters, int sends, int days)
    {
        var failed = false;
        var started = System.Diagnostics.Stopwatch.StartNew();
        var r = LoopSimulation.Run(parameters, sends, days);
        Console.WriteLine($"world: seed {parameters.Seed}, {parameters.Persons} persons, {sends} sends over {days} days, base rate {parameters.BaseRate} " +
                          $"({started.Elapsed.TotalSeconds:F1} s); expected engagements {r.Engagements:F0}");
        failed |= Line("budget bandit regret", r.BudgetRegretBandit, "equal split", r.BudgetRegretEqual, "engagements per cent");
        failed |= Line("snippet Thompson regret", r.SnippetRegretThompson, "uniform", r.SnippetRegretUniform, "engagements");
        failed |= Line("prompt Thompson regret", r.PromptRegretThompson, "uniform", r.PromptRegretUniform, "engagements");
        var lift = r.SendTimeLift;
        Console.WriteLine($"send time: learned {r.LearnedTimeEngagement:F0} vs fixed {LoopSimulation.FixedHour}:00 {r.FixedTimeEngagement:F0} expected engagements " +
                          $"= lift {lift:P1} (target ≥ 10 %) {(lift >= 0.10 ? "OK" : "UNDER")}");
        failed |= lift < 0.10;
        Console.WriteLine($"strong snippet's share: first tenth {r.StrongSnippetShareEarly:P0}, last tenth {r.StrongSnippetShareLate:P0}; " +
                          $"channel shares in the last tenth: {string.Join(", ", parameters.Channels.Select((c, i) => $"{c.Name} {r.ChannelShareLate[i]:P0}"))}");
        return failed;
    }

    private static async Task<bool> RunTuneAsync(int outcomes, int concurrency, int readAhead)
    {
        var (tune, floor) = await TuneThroughput.MeasureAsync(outcomes, concurrency, readAhead);
        Console.WriteLine($"learning.tune ({outcomes} outcomes, up to {concurrency} transactions per 256-entry read, {readAhead} reads in flight): {tune:F0} outcomes/s vs inbox-only floor {floor:F0}/s = {tune / floor:F2}× (target ≥ 2,000/s) {(tune >= 2000 ? "OK" : "UNDER")}");
        return tune < 2000;
    }

    private static bool Line(string name, double learned, string baselineName, double baseline, string unit)
    {
        var ratio = baseline > 0 ? learned / baseline : double.PositiveInfinity;
        Console.WriteLine($"{name}: {learned:F2} vs {baselineName} {baseline:F2} {unit} = {ratio:F2}× (target ≤ 0.3×) {(ratio <= 0.3 ? "OK" : "OVER")}");
        return ratio > 0.3;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }

    private static double OptionDouble(string[] args, string name, double fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && double.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var v) ? v : fallback;
    }
}
