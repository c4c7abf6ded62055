using LoopDrive.Core.Budget;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Stripe;

namespace LoopDrive.Infrastructure.Budget;

public static class BudgetProviderRegistration
{
    /// <summary>
    /// Stripe for the budget area. <c>Providers:Mode</c> = <c>live</c> talks to api.stripe.com with
    /// <c>Stripe:SecretKey</c>; anything else (default <c>sandbox</c>) runs the same Stripe.net
    /// client over the local emulation.
    /// </summary>
    public static IHostApplicationBuilder AddBudgetProviders(this IHostApplicationBuilder builder)
    {
        var live = string.Equals(builder.Configuration["Providers:Mode"], "live", StringComparison.OrdinalIgnoreCase);
        var stripe = builder.Services.AddOptions<StripeOptions>().BindConfiguration(StripeOptions.Section);
        if (live)
            stripe.Validate(o => !string.IsNullOrWhiteSpace(o.SecretKey) && !string.IsNullOrWhiteSpace(o.WebhookSecret),
                "Stripe:SecretKey and Stripe:WebhookSecret are required when Providers:Mode is live.").ValidateOnStart();
        builder.Services.AddOptions<BudgetOptions>().BindConfiguration(BudgetOptions.Section);
        builder.Services.AddHttpClient();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<StripeWebhookReceiver>();
        builder.Services.AddSingleton<ISandboxWebhookSink, SandboxWebhookSink>();
        builder.Services.AddSingleton<SandboxStripeHttpClient>();
        builder.Services.AddSingleton<IStripeClient>(sp =>
        {
            var o = sp.GetRequiredService<IOptions<StripeOptions>>().Value;
            return live
                ? new StripeClient(o.SecretKey, apiBase: string.IsNullOrWhiteSpace(o.ApiBase) ? null : o.ApiBase)
                : new StripeClient("sk_test_loopdrive_sandbox", httpClient: sp.GetRequiredService<SandboxStripeHttpClient>());
        });
        builder.Services.AddScoped<IPaymentGateway>(sp => new StripePaymentGateway(sp.GetRequiredService<IStripeClient>(), live));
        return builder;
    }
}
