using System.Diagnostics;
using LoopDrive.Benchmarks.People;

namespace LoopDrive.Benchmarks.Events;

/// <summary>
/// Open-loop load: requests are due at a fixed rate whatever the server does, and each one's
/// latency counts from the moment it was due, not from when it left. A closed loop of N clients
/// cannot measure "p95 at 5,000/s": its mean latency is N ÷ rate by Little's law, so it measures
/// its own client count; and a stalled server stalls the clients, hiding the stall from the
/// percentiles (coordinated omission). Here a stall shows as the queue of requests that were due.
/// </summary>
internal static class PacedIngest
{
    /// <param name="Answered">Requests answered per second of the run, counted to the last answer.</param>
    /// <param name="CpuMs">CPU per request in this process, PostgreSQL and Redis together.</param>
    public sealed record Result(int Rate, double Answered, double P50, double P95, double P99, double Max, long Failed, int Count, double ProcessCpuMs,
        double DatabaseCpuMs, double RedisCpuMs);

    /// <summary>Sends <paramref name="rate"/> requests a second for <paramref name="seconds"/> s, due evenly spaced.</summary>
    public static async Task<Result> RunAsync(HttpClient client, Func<long, HttpContent> body, int rate, int seconds, CpuMeter meter, CancellationToken ct)
    {
        var total = rate * seconds;
        var latencies = new double[total];
        long failed = 0;
        var inFlight = new List<Task>(total);
        var cpuBefore = meter.Read();
        var start = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)rate;

        // One thread issues whatever is due, then sleeps until the next request is, in whole
        // milliseconds (a shorter sleep is a yield, and the thread would spin on a core the server
        // needs); the requests themselves run on the pool.
        var issuer = new Thread(() =>
        {
            var issued = 0;
            while (issued < total && !ct.IsCancellationRequested)
            {
                var due = Math.Min(total, (int)((Stopwatch.GetTimestamp() - start) / ticksPerRequest) + 1);
                for (; issued < due; issued++)
                {
                    var index = issued;
                    inFlight.Add(SendAsync(index, DueAt(index)));
                }
                if (issued < total && Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), DueAt(issued)) is { Ticks: > 0 } untilNext)
                    Thread.Sleep((int)Math.Ceiling(untilNext.TotalMilliseconds));
            }
        }) { IsBackground = true, Name = "paced ingest issuer", Priority = ThreadPriority.AboveNormal };
        issuer.Start();
        issuer.Join();
        await Task.WhenAll(inFlight);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalSeconds;
        var cpuAfter = meter.Read();
        var perRequest = 1000.0 / total;
        return new Result(rate, total / elapsed, Timings.Percentile(latencies, 50), Timings.Percentile(latencies, 95), Timings.Percentile(latencies, 99),
            latencies.Max(), failed, total, (cpuAfter.Process - cpuBefore.Process) * perRequest, (cpuAfter.Database - cpuBefore.Database) * perRequest,
            (cpuAfter.Redis - cpuBefore.Redis) * perRequest);

        long DueAt(int index) => start + (long)(index * ticksPerRequest);

        async Task SendAsync(int index, long dueAt)
        {
            // Yield first: the issuer thread only starts requests, it never runs one.
            await Task.Yield();
            try
            {
                using var response = await client.PostAsync("api/events", body(index), ct);
                await response.Content.CopyToAsync(Stream.Null, ct);
                if (!response.IsSuccessStatusCode) Interlocked.Increment(ref failed);
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[index] = Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds;
        }
    }
}
