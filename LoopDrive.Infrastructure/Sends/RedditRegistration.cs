using LoopDrive.Core.Sends;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LoopDrive.Infrastructure.Sends;

internal static class RedditRegistration
{
    /// <summary>
    /// Live Reddit private messages, when an account is configured (<c>Reddit:ClientId</c> and a
    /// refresh token or username); without one, Reddit sends keep failing with platform_unsupported.
    /// </summary>
    public static void AddRedditProvider(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedditOptions>().BindConfiguration(RedditOptions.Section);
        // No automatic retries: a repeated compose could send the message twice; DispatchSend decides.
        builder.Services.AddHttpClient(RedditApi.HttpClientName)
            .ConfigureHttpClient((services, client) => client.Timeout = services.GetRequiredService<IOptions<RedditOptions>>().Value.Timeout);
        builder.Services.AddSingleton<RedditTokens>();
        builder.Services.AddSingleton<RedditApi>();
        var configured = new RedditOptions();
        builder.Configuration.GetSection(RedditOptions.Section).Bind(configured);
        if (configured.Configured) builder.Services.AddSingleton<ISendProvider, RedditDmProvider>();
    }
}
