using LoopDrive.Infrastructure;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.FunctionalTests.Sends;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Infrastructure.Events;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopDrive.FunctionalTests.Events;

/// <summary>
/// Workers in live mode with the inbox polls and the intake consumers, as the workers' Program
/// registers them, every provider pointed at a recorder. In the Development environment, so the
/// container validates every registration.
/// </summary>
internal sealed class InboxPollHost : IAsyncDisposable
{
    private readonly IHost _host;

    private InboxPollHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    /// <param name="scheduled">Run the poll schedule (every 200 ms); otherwise the test calls the polls itself.</param>
    public static async Task<InboxPollHost> StartAsync(TestServers servers, ProviderFake fake, string workspaceId, bool scheduled)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
            ["Spine:RelayPollInterval"] = "00:00:00.200",
            ["Spine:ConsumerIdleDelay"] = "00:00:00.050",
            ["Spine:ClaimMinIdle"] = "00:00:02",
            ["Spine:ClaimInterval"] = "00:00:00.500",
            ["Providers:Mode"] = "live",
            // A first contact matches no earlier send: it is filed here.
            ["Webhooks:WorkspaceId"] = workspaceId,
            ["X:BaseUrl"] = fake.BaseUrl,
            ["X:BearerToken"] = "x-user-token",
            ["Events:Poll:Enabled"] = scheduled ? "true" : "false",
            ["Events:Poll:Interval"] = "00:00:00.200",
            // Live mode validates every provider's keys at start, the budget area's Stripe too.
            ["Stripe:SecretKey"] = "sk_test_unused",
            ["Stripe:WebhookSecret"] = "whsec_unused",
        });
        builder.Configuration.AddInMemoryCollection(RedditProviderTests.RedditSettings(fake));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.Services.AddEventsWorkers();
        builder.AddInboxPolls();
        var host = builder.Build();
        await host.StartAsync();
        return new InboxPollHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
