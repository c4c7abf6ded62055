using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Learning;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopDrive.FunctionalTests.Learning;

/// <summary>The intake consumers and the <c>learning.tune</c> consumer in-process, registered as the workers' Program registers them, with short spine timings.</summary>
internal sealed class LearningHost : IAsyncDisposable
{
    private readonly IHost _host;

    private LearningHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public static async Task<LearningHost> StartAsync(TestServers servers)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
            ["Spine:RelayPollInterval"] = "00:00:00.200",
            ["Spine:ConsumerIdleDelay"] = "00:00:00.100",
            ["Spine:ClaimMinIdle"] = "00:00:02",
            ["Spine:ClaimInterval"] = "00:00:00.500",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));
        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.Services.AddEventsWorkers();
        builder.AddLearningWorkers();
        var host = builder.Build();
        await host.StartAsync();
        return new LearningHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
