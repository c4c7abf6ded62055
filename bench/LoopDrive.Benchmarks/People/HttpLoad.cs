using System.Diagnostics;

namespace LoopDrive.Benchmarks.People;

/// <summary>
/// Closed-loop HTTP load: a fixed number of concurrent loops, each sending its next request as
/// soon as the previous one is answered, until the request count or the time is used up.
/// </summary>
internal static class HttpLoad
{
    /// <param name="CpuMicrosPerRequest">
    /// This process's CPU time (server, client and baseline app alike) per answered request: unlike a
    /// rate, a busy machine stretches it little, so it shows what a change saves when the rates are noisy.
    /// </param>
    public sealed record Result(double RequestsPerSecond, long Succeeded, long Failed, long Replayed, double CpuMicrosPerRequest);

    public static async Task<Result> RunAsync(HttpClient client, Func<HttpRequestMessage> nextRequest, int connections,
        long maxRequests, TimeSpan maxTime, CancellationToken cancellationToken)
    {
        long issued = 0, succeeded = 0, failed = 0, replayed = 0;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < maxTime && Interlocked.Increment(ref issued) <= maxRequests)
            {
                cancellationToken.ThrowIfCancellationRequested();
                using var request = nextRequest();
                using var response = await client.SendAsync(request, cancellationToken);
                // Drained so the connection goes back to the pool for the next request.
                await response.Content.CopyToAsync(Stream.Null, cancellationToken);
                if (!response.IsSuccessStatusCode)
                    Interlocked.Increment(ref failed);
                else
                {
                    Interlocked.Increment(ref succeeded);
                    if (response.Headers.Contains("Idempotent-Replayed"))
                        Interlocked.Increment(ref replayed);
                }
            }
        }, cancellationToken)).ToList();
        await Task.WhenAll(loops);
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds;
        return new Result(succeeded / seconds, succeeded, failed, replayed, succeeded == 0 ? 0 : cpu / succeeded);
    }

    public static HttpClient NewClient(Uri baseAddress, int connections) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = connections, PooledConnectionLifetime = Timeout.InfiniteTimeSpan })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromSeconds(30),
        };
}
