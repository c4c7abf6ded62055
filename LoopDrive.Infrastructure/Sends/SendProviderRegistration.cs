using LoopDrive.Core.Sends;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure.Sends;

public static class SendProviderRegistration
{
    /// <summary>
    /// Binds the <c>Sends</c> options and registers the providers for <c>Providers:Mode</c>. Sandbox
    /// (the default) serves every channel offline.
    /// </summary>
    public static IHostApplicationBuilder AddSendProviders(this IHostApplicationBuilder builder)
    {
        // Hosts reach this both through the shared registration and the workers' own hook-up: once is enough.
        if (builder.Services.Any(d => d.ServiceType == typeof(SandboxSendProvider))) return builder;
        builder.Services.AddOptions<SendOptions>().BindConfiguration(SendOptions.Section);
        builder.Services.AddOptions<Core.Sends.Webhooks.WebhookOptions>().BindConfiguration(Core.Sends.Webhooks.WebhookOptions.Section);
        builder.Services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.Section);
        builder.Services.TryAddSingleton<ISandboxAudience, DefaultSandboxAudience>();
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SandboxSendProvider>();
        builder.Services.TryAddSingleton<IProviderRateLimiter, RedisProviderRateLimiter>();
        if (Core.Sends.Webhooks.ProviderKeys.IsLive(builder.Configuration))
            AddLiveProviders(builder);
        else
            builder.Services.AddSingleton<ISendProvider>(sp => sp.GetRequiredService<SandboxSendProvider>());
        return builder;
    }

    /// <summary>Providers:Mode=live: SendGrid for email, Twilio for SMS, Graph for Instagram and WhatsApp, X v2 DMs, Reddit private messages; a channel without a live provider fails with platform_unsupported.</summary>
    private static void AddLiveProviders(IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SendGridOptions>().BindConfiguration(SendGridOptions.Section);
        builder.Services.AddOptions<TwilioOptions>().BindConfiguration(TwilioOptions.Section);
        // No automatic retries: a repeated POST could send the message twice; DispatchSend decides.
        builder.Services.AddHttpClient(SendGridSendProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        var twilio = builder.Services.AddHttpClient(TwilioSendProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        if (builder.Configuration[$"{TwilioOptions.Section}:BaseUrl"] is { Length: > 0 } twilioBase)
            twilio.AddHttpMessageHandler(() => new BaseAddressHandler(new Uri(twilioBase)));
        builder.Services.AddOptions<MetaOptions>().BindConfiguration(MetaOptions.Section);
        builder.Services.AddOptions<WhatsAppOptions>().BindConfiguration(WhatsAppOptions.Section);
        builder.Services.AddOptions<XOptions>().BindConfiguration(XOptions.Section);
        builder.Services.AddHttpClient(MetaDmProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddHttpClient(XDmProvider.HttpClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        builder.Services.AddSingleton<ISendProvider, SendGridSendProvider>();
        builder.Services.AddSingleton<ISendProvider, TwilioSendProvider>();
        builder.Services.AddSingleton<ISendProvider, MetaDmProvider>();
        builder.Services.AddSingleton<ISendProvider, XDmProvider>();
        builder.AddRedditProvider();
    }
}
