using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopDrive.Core.Sends;

public static class SendsServiceCollectionExtensions
{
    /// <summary>
    /// The send use cases. Providers (<see cref="ISendProvider"/>) and the <c>Sends</c> options
    /// binding come from the host (Infrastructure's AddSendProviders); without providers a dispatch
    /// fails with <c>platform_unsupported</c>.
    /// </summary>
    public static IServiceCollection AddSendsCore(this IServiceCollection services)
    {
        services.AddOptions<SendOptions>();
        services.TryAddSingleton<ISendFaults>(NoSendFaults.None);
        services.AddScoped<SendProviders>();
        services.AddScoped<SendGate>();
        services.AddScoped<AttemptLog>();
        services.AddScoped<AcceptSend>();
        services.AddSingleton<AcceptGroupCommit>();
        services.AddScoped<ComposeSend>();
        services.AddScoped<DispatchSend>();
        services.AddScoped<CancelSend>();
        services.AddScoped<ReleaseDueSends>();
        services.AddScoped<ReconcileSends>();
        services.AddScoped<StartBulkSend>();
        services.AddScoped<AdvanceBulkSends>();
        services.AddScoped<ApplyOptOut>();
        services.AddOptions<Webhooks.WebhookOptions>();
        services.TryAddSingleton(sp => Webhooks.ProviderKeys.From(sp.GetRequiredService<IConfiguration>()));
        services.AddScoped<Webhooks.ReceiveProviderWebhook>();
        services.AddScoped<Webhooks.TrackSendEvents>();
        services.AddScoped<UnsubscribeOneClick>();
        return services;
    }
}
