using LoopDrive.Client;
using LoopDrive.Web.Services;

namespace Microsoft.Extensions.DependencyInjection;

public static class DashboardServiceCollectionExtensions
{
    /// <summary>
    /// The typed API client for the dashboard. <c>LoopDrive:ApiBaseAddress</c> defaults to the
    /// service-discovery name of the api resource; <c>LoopDrive:ApiKey</c> is set by the AppHost;
    /// <c>LoopDrive:Client</c> may override the retry settings.
    /// </summary>
    public static IHttpClientBuilder AddLoopDriveApiClient(this IServiceCollection services, IConfiguration configuration)
    {
        var client = services.AddLoopDriveClient(options =>
        {
            // Short backoff: a dashboard refreshing every 2 s should say "unreachable" within
            // seconds rather than sit through the SDK's default 1-2-4 s waits.
            options.MaxRetries = 2;
            options.RetryBaseDelay = TimeSpan.FromMilliseconds(250);
            options.MaxRetryDelay = TimeSpan.FromSeconds(2);
            options.AttemptTimeout = TimeSpan.FromSeconds(10);
            configuration.GetSection("LoopDrive:Client").Bind(options);

            options.BaseAddress = new Uri(configuration["LoopDrive:ApiBaseAddress"] ?? "https+http://api");
            options.ApiKey = configuration["LoopDrive:ApiKey"];
        });

        // The client retries with one idempotency key per call itself; the standard resilience
        // handler that the service defaults add to every HttpClient would multiply the attempts.
        // The API is marked experimental; the web tests pin its effect (attempt counts).
#pragma warning disable EXTEXP0001
        return client.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
    }

    /// <summary>Per-circuit state and the call wrapper every page uses.</summary>
    public static IServiceCollection AddDashboardServices(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddScoped<ApiConnectionState>();
        services.AddScoped<ApiCalls>();
        return services;
    }
}
