using LoopDrive.Client;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

public static class LoopDriveClientServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="LoopDriveClient"/> as a typed HttpClient. The returned builder adds
    /// handlers; the client already retries, so outer retry handlers would multiply attempts.
    /// </summary>
    public static IHttpClientBuilder AddLoopDriveClient(this IServiceCollection services, Action<LoopDriveClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);

        services.AddOptions<LoopDriveClientOptions>()
            .Configure(configure)
            .Validate(o => o.BaseAddress is not null, "LoopDrive client: BaseAddress is required.")
            .Validate(o => o.MaxRetries >= 0, "LoopDrive client: MaxRetries cannot be negative.");

        return services.AddHttpClient(nameof(LoopDriveClient))
            .AddTypedClient((http, provider) => new LoopDriveClient(
                http,
                provider.GetRequiredService<IOptions<LoopDriveClientOptions>>().Value,
                provider.GetService<ILogger<LoopDriveClient>>()));
    }
}
