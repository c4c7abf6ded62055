using System.Diagnostics;
using LoopDrive.Contracts.Spine;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Benchmarks.Spine;

internal sealed record ThroughputResult(double MessagesPerSecond, double ProducedPerSecond, double ProcessCpuMicrosPerMessage, int HandledOnce, int HandledTwiceOrMore);

/// <summary>
/// End to end: producers commit pings with their outbox rows (100 per transaction, as a bulk API
/// call would), while the relay and the consumer (inbox + effect in one transaction) run.
/// Measured from the first commit to the last effect committed.
/// </summary>
internal static class SpineThroughput
{
    private const int PerTransaction = 100;
    private const int Producers = 2;

    public static async Task<ThroughputResult> RunAsync(
        IServiceProvider services, BenchServers servers, HandlerStarts starts, int count, CancellationToken cancellationToken)
    {
        starts.Clear();
        var workspace = Ids.New(IdPrefixes.Workspace);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var producers = Enumerable.Range(0, Producers).Select(p => Task.Run(async () =>
        {
            for (var batch = p; batch * PerTransaction < count; batch += Producers)
            {
                await using var scope = services.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspace);
                var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
                var outbox = scope.ServiceProvider.GetRequiredService<Outbox>();
                var n = Math.Min(PerTransaction, count - batch * PerTransaction);
                for (var i = 0; i < n; i++)
                {
                    var ping = new OpsPing { Id = Ids.New(IdPrefixes.Ping), WorkspaceId = workspace, CreatedAt = DateTimeOffset.UtcNow };
                    db.OpsPings.Add(ping);
                    outbox.Enqueue(StreamNames.OpsPing, new PingRequested(ping.Id, workspace), workspace);
                }
                await db.SaveChangesAsync(cancellationToken);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(producers);
        var produced = clock.Elapsed;

        while (starts.Count < count)
            await Task.Delay(2, cancellationToken);
        // Every handler has started; the last transactions commit within milliseconds.
        (int Once, int More) handled;
        while ((handled = await CountHandledAsync(servers, workspace, cancellationToken)).Once + handled.More < count)
            await Task.Delay(5, cancellationToken);
        clock.Stop();
        process.Refresh();
        var cpuMicros = (process.TotalProcessorTime - cpuBefore).TotalMicroseconds / count;

        return new ThroughputResult(count / clock.Elapsed.TotalSeconds, count / produced.TotalSeconds, cpuMicros, handled.Once, handled.More);
    }

    private static async Task<(int Once, int More)> CountHandledAsync(BenchServers servers, string workspace, CancellationToken cancellationToken)
    {
        await using var db = servers.CreateDbContext();
        var counts = await db.OpsPings.Where(p => p.WorkspaceId == workspace && p.HandledCount > 0)
            .GroupBy(p => p.HandledCount == 1)
            .Select(g => new { Once = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return (counts.Where(c => c.Once).Sum(c => c.Count), counts.Where(c => !c.Once).Sum(c => c.Count));
    }
}
