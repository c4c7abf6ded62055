using LoopDrive.Core.Sends;
using Microsoft.Extensions.Options;

namespace LoopDrive.Workers.Sends;

/// <summary>
/// Moves time-driven send work: releases deferred sends that are due, fans out bulk jobs a chunk
/// at a time, and reconciles unknown outcomes. Every step takes row locks with SKIP LOCKED, so
/// replicas share the work; a failed step is logged and tried again on the next tick.
/// </summary>
internal sealed partial class SendScheduler(IServiceScopeFactory scopes, IOptions<SendOptions> options, ILogger<SendScheduler> logger) : BackgroundService
{
    private const int BatchSize = 500;
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SchedulerInterval);
        var lastReconcile = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                while (await StepAsync(stoppingToken) && !stoppingToken.IsCancellationRequested)
                {
                    // Keep going while there is work: a 100k-recipient job should not wait a tick per chunk.
                }
                if (DateTimeOffset.UtcNow - lastReconcile >= ReconcileEvery)
                {
                    lastReconcile = DateTimeOffset.UtcNow;
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ReconcileSends>().HandleAsync(BatchSize, stoppingToken);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Nothing was committed by the failed step; the next tick repeats it.
                LogFailed(logger, e);
            }
        }
    }

    private async Task<bool> StepAsync(CancellationToken cancellationToken)
    {
        int released;
        await using (var scope = scopes.CreateAsyncScope())
            released = await scope.ServiceProvider.GetRequiredService<ReleaseDueSends>().HandleAsync(BatchSize, cancellationToken);
        bool advanced;
        await using (var scope = scopes.CreateAsyncScope())
            advanced = await scope.ServiceProvider.GetRequiredService<AdvanceBulkSends>().HandleAsync(cancellationToken);
        return released == BatchSize || advanced;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A send scheduler step failed")]
    private static partial void LogFailed(ILogger logger, Exception exception);
}
