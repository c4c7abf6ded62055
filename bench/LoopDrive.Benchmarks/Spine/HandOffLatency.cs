using System.Diagnostics;
using LoopDrive.Benchmarks.Events;
using LoopDrive.Core.Common;
using LoopDrive.Core.Spine;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Benchmarks.Spine;

/// <param name="P95PerSecondMs">The p95 of each second's commits, in order: shows a slow spell a whole-run p95 hides.</param>
/// <param name="ProcessCpuMicrosPerMessage">CPU of this process (producers, relay and consumer together) per message.</param>
/// <param name="DatabaseCpuMicrosPerMessage">CPU of the bench's PostgreSQL per message.</param>
/// <param name="RedisCpuMicrosPerMessage">CPU of the bench's Redis per message.</param>
internal sealed record LatencyResult(double OfferedPerSecond, double P50Ms, double P95Ms, double P99Ms, double MaxMs,
    double RelayP50Ms, double RelayP95Ms, double ConsumerP50Ms, double ConsumerP95Ms, IReadOnlyList<double> P95PerSecondMs,
    double ProcessCpuMicrosPerMessage, double DatabaseCpuMicrosPerMessage, double RedisCpuMicrosPerMessage);

/// <summary>
/// Hand-off latency under a fixed offered load: pings are requested one per transaction, as the
/// API does, on a schedule of <c>rate</c> per second; each latency is from the commit returning to
/// the handler starting. The stream entry id says when Redis took each message, which splits a
/// hand-off into the relay's part (commit → XADD) and the consumer's (XADD → handler start), each
/// to about a millisecond. There are enough producers to offer the rate whenever the system can
/// take it; when it cannot, the offered rate printed falls short of the rate asked for.
/// </summary>
internal static class HandOffLatency
{
    private const int Workers = 32;

    public static async Task<LatencyResult> RunAsync(
        IServiceProvider services, HandlerStarts starts, CpuMeter cpu, int ratePerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        starts.Clear();
        var workspace = Ids.New(IdPrefixes.Workspace);
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var commits = new long[total];
        var commitWallMs = new double[total];
        var pingIds = new string[total];
        var cpuBefore = cpu.Read();
        var start = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = w; i < total; i += Workers)
            {
                var due = start + i * Stopwatch.Frequency / ratePerSecond;
                var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
                if (wait > TimeSpan.Zero) await Task.Delay(wait, cancellationToken);
                await using var scope = services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspace);
                var ping = await scope.ServiceProvider.GetRequiredService<RequestPing>().HandleAsync(workspace, cancellationToken);
                commits[i] = Stopwatch.GetTimestamp();
                commitWallMs[i] = HandlerStarts.WallClockMs();
                pingIds[i] = ping.Id;
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var offered = total / Stopwatch.GetElapsedTime(start).TotalSeconds;

        while (starts.Count < total)
            await Task.Delay(5, cancellationToken);
        var cpuAfter = cpu.Read();

        var latencies = new double[total];
        var relay = new double[total];
        var consumer = new double[total];
        for (var i = 0; i < total; i++)
        {
            starts.TryGet(pingIds[i], out var handled);
            // A handler can start before the producer's continuation reads the clock: that is zero wait.
            latencies[i] = Math.Max(0, Stopwatch.GetElapsedTime(commits[i], handled.Ticks).TotalMilliseconds);
            relay[i] = Math.Max(0, handled.AddedMs - commitWallMs[i]);
            consumer[i] = Math.Max(0, handled.WallMs - handled.AddedMs);
        }
        var perSecond = latencies.Chunk(ratePerSecond).Select(second => Percentile([.. second.Order()], 0.95)).ToList();
        Array.Sort(latencies);
        Array.Sort(relay);
        Array.Sort(consumer);
        return new LatencyResult(offered, Percentile(latencies, 0.50), Percentile(latencies, 0.95), Percentile(latencies, 0.99), latencies[^1],
            Percentile(relay, 0.50), Percentile(relay, 0.95), Percentile(consumer, 0.50), Percentile(consumer, 0.95), perSecond,
            (cpuAfter.Process - cpuBefore.Process) * 1e6 / total, (cpuAfter.Database - cpuBefore.Database) * 1e6 / total,
            (cpuAfter.Redis - cpuBefore.Redis) * 1e6 / total);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
