using LoopDrive.Core.Budget.Allocation;
using LoopDrive.Core.Budget.Insights;
using LoopDrive.Core.Budget.Lifecycle;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Core.Budget;

public static class BudgetServiceCollectionExtensions
{
    /// <summary>The budget area's use cases. The payment gateway comes from Infrastructure (AddBudgetProviders).</summary>
    public static IServiceCollection AddBudgetCore(this IServiceCollection services)
    {
        services.AddSingleton<LedgerGroupCommit>();
        services.AddScoped<BudgetLedger>();
        services.AddScoped<EnsureWallet>();
        services.AddScoped<SpendFromEnvelope>();
        services.AddScoped<TopUpWallet>();
        services.AddScoped<StartAutoReload>();
        services.AddScoped<ApplyPaymentEvent>();
        services.AddScoped<IChannelOutcomeReader, ChannelPerformanceOutcomeReader>();
        services.AddScoped<IReachableAudience, ConsentReachableAudience>();
        services.AddScoped<PlanBudget>();
        services.AddScoped<DecideAllocation>();
        services.AddScoped<RequestExecution>();
        services.AddScoped<ReserveAllocation>();
        services.AddScoped<PauseAllocation>();
        services.AddScoped<CloseAllocation>();
        services.AddScoped<ReconcileAllocation>();
        services.AddScoped<BuildDashboard>();
        services.AddScoped<ChannelPerformanceReport>();
        services.AddScoped<RaiseSpendAlerts>();
        services.AddScoped<RollUpChannelPerformance>();
        services.AddScoped<RunBudgetMaintenance>();
        return services;
    }
}
