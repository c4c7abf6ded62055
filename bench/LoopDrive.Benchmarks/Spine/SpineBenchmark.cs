using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using LoopDrive.Benchmarks.Events;
using LoopDrive.Benchmarks.People;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Ai;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Infrastructure.Spine;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LoopDrive.Benchmarks.Spine;

/// <summary>
/// <c>bench spine</c>: starts its own PostgreSQL and Redis on loopback, hosts the workers' spine
/// in-process, and compares end-to-end throughput with raw Redis streams measured in the same run,
/// then measures hand-off latency at a fixed offered load. Options:
/// <c>--messages N</c> (default 20000), <c>--repetitions N</c> (3), <c>--rate N</c> (1000 msg/s),
/// <c>--seconds N</c> (5); any <c>--Spine:Key=value</c> (or <c>--Aspire:…</c>) is passed on as configuration.
/// </summary>
public static class SpineBenchmark
{
    private const double ThroughputTarget = 5_000;
    private const double P95TargetMs = 50;
    private static readonly TimeSpan Budget = TimeSpan.FromMinutes(10);

    public static async Task<int> RunAsync(string[] args)
    {
        using var budget = new CancellationTokenSource(Budget);
        // Ctrl-C or SIGTERM unwind normally, so the servers this run started are stopped too.
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var cancellationToken = budget.Token;
        try
        {
            return await MeasureAsync(args, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Console.Error.WriteLine($"spine benchmark stopped: cancelled or over its {Budget.TotalMinutes:0}-minute budget");
            return 2;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            budget.Cancel();
        }
    }

    private static async Task<int> MeasureAsync(string[] args, CancellationToken cancellationToken)
    {
        var messages = Option(args, "--messages", 20_000);
        var repetitions = Math.Max(3, Option(args, "--repetitions", 3));
        var rate = Option(args, "--rate", 1_000);
        var seconds = Option(args, "--seconds", 5);
        var total = Stopwatch.StartNew();

        Console.WriteLine($"spine benchmark: {messages:N0} messages x {repetitions} repetitions, latency at {rate:N0} msg/s for {seconds} s, {Environment.ProcessorCount} cores");
        await using var servers = await BenchServers.StartAsync();
        using var host = BuildHost(servers, args.Where(a => a.StartsWith("--Spine:", StringComparison.Ordinal) || a.StartsWith("--Aspire:", StringComparison.Ordinal)).ToArray());
        await host.StartAsync(cancellationToken);
        var starts = host.Services.GetRequiredService<HandlerStarts>();
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        var cpu = await CpuMeter.ForAsync(servers.DataSource, servers.Redis.Port, cancellationToken);

        var raw = new List<double>();
        var spine = new List<ThroughputResult>();
        var latency = new List<LatencyResult>();
        try
        {
            Console.WriteLine("warming up…");
            await RawRedisBaseline.RunAsync(redis, messages / 4, cancellationToken);
            await SpineThroughput.RunAsync(host.Services, servers, starts, messages / 4, cancellationToken);

            for (var rep = 1; rep <= repetitions; rep++)
            {
                raw.Add(await RawRedisBaseline.RunAsync(redis, messages, cancellationToken));
                var run = await SpineThroughput.RunAsync(host.Services, servers, starts, messages, cancellationToken);
                spine.Add(run);
                Console.WriteLine(Invariant($"  rep {rep}: raw redis {raw[^1],9:N0} msg/s | spine {run.MessagesPerSecond,7:N0} msg/s (producers committed {run.ProducedPerSecond:N0} msg/s; harness process CPU {run.ProcessCpuMicrosPerMessage:N0} µs/msg; handled once {run.HandledOnce:N0}, more than once {run.HandledTwiceOrMore})"));
            }
            await SettleAsync(servers, cancellationToken);
            // At the rate for a while before measuring it: the first seconds after the throughput runs
            // were slow in every build (the runtime still recompiling the latency path, the heap the
            // bursts grew being collected), which a one-second warm-up before the bursts did not cover.
            await HandOffLatency.RunAsync(host.Services, starts, cpu, rate, LatencyWarmUp, cancellationToken);
            for (var rep = 1; rep <= repetitions; rep++)
            {
                var run = await HandOffLatency.RunAsync(host.Services, starts, cpu, rate, TimeSpan.FromSeconds(seconds), cancellationToken);
                latency.Add(run);
                Console.WriteLine(Invariant($"  rep {rep}: hand-off at {run.OfferedPerSecond:N0} msg/s offered: p50 {run.P50Ms:0.0} ms, p95 {run.P95Ms:0.0} ms, p99 {run.P99Ms:0.0} ms, max {run.MaxMs:0.0} ms; commit → XADD p50 {run.RelayP50Ms:0} / p95 {run.RelayP95Ms:0} ms, XADD → handler p50 {run.ConsumerP50Ms:0} / p95 {run.ConsumerP95Ms:0} ms; CPU per message {run.ProcessCpuMicrosPerMessage:N0} µs here + {run.DatabaseCpuMicrosPerMessage:N0} µs PostgreSQL + {run.RedisCpuMicrosPerMessage:N0} µs Redis; p95 by second {string.Join(" ", run.P95PerSecondMs.Select(p => p.ToString("0", CultureInfo.InvariantCulture)))} ms"));
            }
        }
        finally
        {
            // Stopped before the servers go away, also when cancelled, so no loop outlives them.
            await host.StopAsync(CancellationToken.None);
        }

        var rawMedian = Timings.Median(raw);
        var spineMedian = Timings.Median(spine.Select(s => s.MessagesPerSecond).ToList());
        var p50 = Timings.Median(latency.Select(l => l.P50Ms).ToList());
        var p95 = Timings.Median(latency.Select(l => l.P95Ms).ToList());
        var p99 = Timings.Median(latency.Select(l => l.P99Ms).ToList());
        var offered = Timings.Median(latency.Select(l => l.OfferedPerSecond).ToList());
        // A p95 measured while producers could not keep the rate up says nothing about that rate.
        var rateHeld = offered >= 0.95 * rate;
        var duplicates = spine.Sum(s => s.HandledTwiceOrMore);

        Console.WriteLine();
        Console.WriteLine(Invariant($"raw redis (pipelined XADD + XREADGROUP/XACK) = {rawMedian:N0} msg/s (median of {repetitions})"));
        Console.WriteLine(Invariant($"spine throughput = {spineMedian:N0} msg/s = {spineMedian / rawMedian:0.00} × raw redis (median of {repetitions}; target ≥ {ThroughputTarget:N0}: {Verdict(spineMedian >= ThroughputTarget)})"));
        Console.WriteLine(Invariant($"hand-off latency (commit → handler start) at {rate:N0} msg/s asked, {offered:N0} msg/s offered: p50 = {p50:0.0} ms, p95 = {p95:0.0} ms, p99 = {p99:0.0} ms (medians of {repetitions}; target p95 ≤ {P95TargetMs} ms at the rate: {Verdict(p95 <= P95TargetMs && rateHeld)}{(rateHeld ? "" : ", the producers could not offer the rate")})"));
        Console.WriteLine(Invariant($"exactly-once: {(duplicates == 0 ? "every effect ran once" : $"{duplicates} effects ran more than once")}; total time {total.Elapsed.TotalSeconds:0} s"));
        return duplicates == 0 ? 0 : 1;
    }

    private static readonly TimeSpan LatencyWarmUp = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The throughput runs leave tens of thousands of dead rows behind. Cleaned up now, so the
    /// latency runs measure the spine at a steady rate rather than autovacuum catching up with a
    /// burst the bench itself made.
    /// </summary>
    private static Task SettleAsync(BenchServers servers, CancellationToken cancellationToken) =>
        BenchServers.VacuumAnalyzeAsync(servers.DataSource, cancellationToken, "outbox", "ops_pings", "processed_messages");

    private static IHost BuildHost(BenchServers servers, string[] spineArgs)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Production });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
        });
        builder.Configuration.AddCommandLine(spineArgs);
        builder.Logging.ClearProviders().AddConsole().SetMinimumLevel(LogLevel.Warning);

        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.Services.AddSingleton<HandlerStarts>();
        builder.Services.AddStreamConsumer<TimedPingConsumer, PingRequested>();
        return builder.Build();
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value > 0
            ? value
            : fallback;
    }

    private static string Verdict(bool met) => met ? "met" : "MISSED";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
