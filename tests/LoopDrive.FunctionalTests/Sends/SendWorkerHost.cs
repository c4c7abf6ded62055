using LoopDrive.Infrastructure;
using LoopDrive.Core;
using LoopDrive.FunctionalTests.Infrastructure;
using LoopDrive.Infrastructure.Ai;
using LoopDrive.Infrastructure.Data;
using LoopDrive.Infrastructure.Events;
using LoopDrive.Infrastructure.Sends;
using LoopDrive.Workers.Events;
using LoopDrive.Workers.Sends;
using LoopDrive.Workers.Spine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LoopDrive.FunctionalTests.Sends;

/// <summary>
/// The workers' send pipeline in-process (the same registrations as the workers' Program) with short
/// timings, in the Development environment so the container validates every registration.
/// </summary>
internal sealed class SendWorkerHost : IAsyncDisposable
{
    private readonly IHost _host;

    private SendWorkerHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;

    public SandboxSendProvider Provider => Services.GetRequiredService<SandboxSendProvider>();

    /// <param name="intake">Also run the events intake consumers, for tests that follow a webhook to its effect on sends and consent.</param>
    /// <param name="polls">Also run the scheduled inbox polls (intake.fetch), as the workers' Program does.</param>
    public static async Task<SendWorkerHost> StartAsync(TestServers servers, IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? services = null, bool intake = false, bool polls = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = Environments.Development });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{DataRegistration.DatabaseConnectionName}"] = servers.DatabaseConnectionString,
            [$"ConnectionStrings:{DataRegistration.RedisConnectionName}"] = servers.Redis.ConnectionString,
            ["Spine:RelayPollInterval"] = "00:00:00.200",
            ["Spine:ConsumerIdleDelay"] = "00:00:00.050",
            ["Spine:ClaimMinIdle"] = "00:00:00.500",
            ["Spine:ClaimInterval"] = "00:00:00.200",
            ["Spine:MaxDeliveries"] = "5",
            ["Sends:SchedulerInterval"] = "00:00:00.100",
            ["Sends:ReconcileAfter"] = "00:00:00",
            // Always inside the sending window unless a test narrows it.
            ["Sends:WindowOpensHour"] = "0",
            ["Sends:WindowClosesHour"] = "0",
        });
        if (settings is not null) builder.Configuration.AddInMemoryCollection(settings);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(10));

        builder.AddLoopDriveServices();
        builder.AddSpineWorkers();
        builder.AddSendsWorkers();
        if (intake) builder.Services.AddEventsWorkers();
        if (polls) builder.AddInboxPolls();
        services?.Invoke(builder.Services);

        var host = builder.Build();
        await host.StartAsync();
        return new SendWorkerHost(host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
