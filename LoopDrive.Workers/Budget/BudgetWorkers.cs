using LoopDrive.Contracts.Budget;
using LoopDrive.Infrastructure.Budget;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Budget;

public static class BudgetWorkers
{
    /// <summary>The <c>budget.execute</c> consumer, the periodic budget job, and Stripe (auto-reloads start here too).</summary>
    public static IHostApplicationBuilder AddBudgetWorkers(this IHostApplicationBuilder builder)
    {
        builder.AddBudgetProviders();
        builder.Services.AddStreamConsumer<BudgetExecuteConsumer, ExecuteAllocationMessage>();
        builder.Services.AddHostedService<BudgetMaintenanceService>();
        return builder;
    }
}
