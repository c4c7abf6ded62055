using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Core.Budget;

public static class BudgetServiceCollectionExtensions
{
    /// <summary>The budget area's use cases. The payment gateway comes from Infrastructure (AddBudgetProviders).</summary>
    public static IServiceCollection AddBudgetCore(this IServiceCollection services)
    {
        services.AddScoped<BudgetLedger>();
        services.AddScoped<EnsureWallet>();
        services.AddScoped<SpendFromEnvelope>();
        services.AddScoped<TopUpWallet>();
        services.AddScoped<StartAutoReload>();
        services.AddScoped<ApplyPaymentEvent>();
        return services;
    }
}
