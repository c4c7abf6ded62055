using LoopDrive.Contracts.Spine;
using LoopDrive.Core;
using LoopDrive.Core.Common;
using LoopDrive.Core.Data;
using LoopDrive.Core.Spine;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure;
using LoopDrive.Infrastructure.Ai;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Workers.Ops;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace LoopDrive.FunctionalTests.Spine;

/// <summary>
/// The workers' spine in-process: the same registrations as the workers' Program, pointed at the
/// test servers, with timings shortened so reclaim and retries happen within a test.
/// </summary>
internal sealed class SpineHost : IAsyncDisposable
{
    private static readonly Dictionary<string, string?> FastTimings = new()
    {
        ["Spine:RelayPollInterval"] = "00:00:00.200",
        ["Spine:RelayMaxBackoff"] = "00:00:00.500",
        ["Spine:ConsumerIdleDelay"] = "00:00:00.100",
        ["Spine:ClaimMinIdle"] = "00:00:00.500",
        ["Spine:ClaimInterval"] = "00:00:00.200",
        ["Spine:MaxDeliveries"] = "3",
        ["Spine:GaugeInterval"] = "00:00:01",
    };

    private readonly IHost _host;

    private SpineHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public IDatabase Redis => Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();

    public static async Task<SpineHost> StartAsync(
        TestServers servers,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
        });
        builder.Configuration.AddInMemoryCollection(FastTimings);
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.Services.AddOpsConsumers();
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        // The multiplexer connects in the background and fails commands at once until it is up
        // (the product starts while Redis is down); tests read Redis right after starting.
        var redis = host.Services.GetRequiredService<IConnectionMultiplexer>();
        await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected), "the host's Redis connection is up");
        return new SpineHost(host);
    }

    /// <summary>A ping and its outbox message written in one transaction, as the API writes them.</summary>
    public async Task<(string PingId, string MessageId)> RequestPingAsync(string workspaceId, string stream = StreamNames.OpsPing)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<WorkspaceContext>().Set(workspaceId);
        var db = scope.ServiceProvider.GetRequiredService<LoopDriveDbContext>();
        var ping = new OpsPing { Id = Ids.New(IdPrefixes.Ping), WorkspaceId = workspaceId, CreatedAt = DateTimeOffset.UtcNow };
        db.OpsPings.Add(ping);
        var messageId = scope.ServiceProvider.GetRequiredService<Outbox>()
            .Enqueue(stream, new PingRequested(ping.Id, workspaceId), workspaceId);
        await db.SaveChangesAsync();
        return (ping.Id, messageId);
    }

    /// <summary>Like a crashed process: no more work, nothing committed that was not already.</summary>
    public async Task StopAsync() => await _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
