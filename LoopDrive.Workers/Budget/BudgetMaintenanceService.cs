using LoopDrive.Core.Budget;
using Microsoft.Extensions.Options;

namespace LoopDrive.Workers.Budget;

/// <summary>
/// Runs <see cref="RunBudgetMaintenance"/> for every workspace with a wallet every
/// <c>Budget:JobIntervalSeconds</c>. Every step is idempotent, so replicas may overlap.
/// </summary>
internal sealed partial class BudgetMaintenanceService(IServiceScopeFactory scopes, IOptions<BudgetOptions> options, ILogger<BudgetMaintenanceService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(Math.Max(1, options.Value.JobIntervalSeconds)));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            IReadOnlyList<string> workspaces;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                workspaces = await scope.ServiceProvider.GetRequiredService<RunBudgetMaintenance>().WorkspacesAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database may be briefly unavailable; the next tick tries again.
                LogFailed(logger, "(all)", e);
                continue;
            }
            foreach (var workspaceId in workspaces)
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<RunBudgetMaintenance>().HandleAsync(workspaceId, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // One workspace's failure must not starve the others; it is retried next tick.
                    LogFailed(logger, workspaceId, e);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Budget maintenance failed for workspace {WorkspaceId}")]
    private static partial void LogFailed(ILogger logger, string workspaceId, Exception exception);
}
