using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.Workers.Spine;

/// <summary>Samples queue health on an interval so the observable gauges report without doing I/O.</summary>
internal sealed partial class SpineGaugeSampler(
    IQueueMonitor monitor, SpineTelemetry telemetry, IOptions<SpineOptions> options, TimeProvider clock, ILogger<SpineGaugeSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeInterval, clock);
        do
        {
            try
            {
                telemetry.Sampled(await monitor.GetHealthAsync(stoppingToken));
            }
            catch (Exception ex) when ((ex is NpgsqlException or RedisException or TimeoutException) && !stoppingToken.IsCancellationRequested)
            {
                // The gauges keep the last sample; the health check reports the outage.
                LogSampleFailed(logger, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Queue health sample failed ({ErrorType})")]
    private static partial void LogSampleFailed(ILogger logger, string errorType);
}
