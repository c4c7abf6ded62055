using LoopDrive.Core.Events;

namespace LoopDrive.Workers.Events;

/// <summary>
/// Folds event count deltas into the hourly totals every few seconds. Stats are exact without it
/// (they add the unfolded deltas); folding keeps the delta table, and so stats, small.
/// </summary>
internal sealed partial class EventCountFolding(IServiceScopeFactory scopes, ILogger<EventCountFolding> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var fold = scope.ServiceProvider.GetRequiredService<FoldEventCounts>();
                while (await fold.HandleAsync(stoppingToken) == FoldEventCounts.ChunkSize && !stoppingToken.IsCancellationRequested)
                {
                    // A backlog (after a bulk import or downtime) drains chunk by chunk.
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Deltas stay where they are; stats still count them and the next tick folds them.
                LogFailed(logger, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Folding event count deltas failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
