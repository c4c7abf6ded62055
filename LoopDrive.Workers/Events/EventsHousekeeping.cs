using LoopDrive.Core.Events;

namespace LoopDrive.Workers.Events;

/// <summary>
/// Every few seconds: folds event count deltas into the hourly totals, and deletes key-less
/// fingerprints past their window. Stats are exact without the folding (they add the unfolded
/// deltas) and repeats are judged right without the pruning (an expired fingerprint is taken
/// over); both keep their tables, and so stats and ingest, small.
/// </summary>
internal sealed partial class EventsHousekeeping(IServiceScopeFactory scopes, ILogger<EventsHousekeeping> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            await using var scope = scopes.CreateAsyncScope();
            var fold = scope.ServiceProvider.GetRequiredService<FoldEventCounts>();
            var prune = scope.ServiceProvider.GetRequiredService<PruneEventFingerprints>();
            // A backlog (after a bulk import or downtime) drains chunk by chunk.
            await DrainAsync("Folding event count deltas", ct => fold.HandleAsync(ct), FoldEventCounts.ChunkSize, stoppingToken);
            await DrainAsync("Deleting expired event fingerprints", ct => prune.HandleAsync(ct), PruneEventFingerprints.ChunkSize, stoppingToken);
        }
    }

    private async Task DrainAsync(string task, Func<CancellationToken, Task<int>> chunk, int chunkSize, CancellationToken stoppingToken)
    {
        try
        {
            while (await chunk(stoppingToken) == chunkSize && !stoppingToken.IsCancellationRequested)
            {
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The rows stay where they are and the next tick tries again.
            LogFailed(logger, e, task);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Task} failed; the next tick tries again")]
    private static partial void LogFailed(ILogger logger, Exception exception, string task);
}
