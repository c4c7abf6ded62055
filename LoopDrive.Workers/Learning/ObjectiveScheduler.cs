using LoopDrive.Core.Common;
using LoopDrive.Core.Learning;
using Microsoft.Extensions.Options;

namespace LoopDrive.Workers.Learning;

/// <summary>
/// Runs <see cref="ScheduleObjectiveTouches"/> for every workspace with active objectives every
/// <c>Learning:Objectives:Interval</c>, batch after batch while batches come back full. Replicas
/// share the work through the use case's row locks; a failed batch is retried on the next tick.
/// </summary>
internal sealed partial class ObjectiveScheduler(IServiceScopeFactory scopes, IOptions<LearningOptions> options, ILogger<ObjectiveScheduler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value.Objectives;
        if (!o.Enabled) return;
        using var timer = new PeriodicTimer(o.Interval > TimeSpan.Zero ? o.Interval : TimeSpan.FromSeconds(30));
        do
        {
            await PassAsync(o.BatchSize, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    private async Task PassAsync(int batchSize, CancellationToken stoppingToken)
    {
        IReadOnlyList<string> workspaces;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            workspaces = await scope.ServiceProvider.GetRequiredService<ScheduleObjectiveTouches>().WorkspacesAsync(stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The database may be briefly unavailable; the next tick tries again.
            LogFailed(logger, "(all)", e);
            return;
        }
        foreach (var workspaceId in workspaces)
        {
            try
            {
                ScheduleObjectiveTouches.Result result;
                do
                {
                    await using var scope = scopes.CreateAsyncScope();
                    scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
                    result = await scope.ServiceProvider.GetRequiredService<ScheduleObjectiveTouches>().HandleAsync(workspaceId, stoppingToken);
                    if (result.Due > 0) LogPass(logger, workspaceId, result.Scheduled, result.Skipped);
                }
                while (result.Due >= batchSize && !stoppingToken.IsCancellationRequested);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // One workspace's failure must not starve the others; nothing of the failed batch was committed.
                LogFailed(logger, workspaceId, e);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Objective touches in workspace {WorkspaceId}: {Scheduled} scheduled, {Skipped} skipped")]
    private static partial void LogPass(ILogger logger, string workspaceId, int scheduled, int skipped);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Objective scheduling failed for workspace {WorkspaceId}")]
    private static partial void LogFailed(ILogger logger, string workspaceId, Exception exception);
}
