using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.Options;
using Npgsql;
using StackExchange.Redis;

namespace LoopDrive.Workers.Spine;

/// <summary>
/// Samples queue health on an interval so the observable gauges report without doing I/O, and
/// raises an <c>ops.queue_lag</c> alert event when a stream changes lag level.
/// </summary>
internal sealed partial class SpineGaugeSampler(
    IQueueMonitor monitor, SpineTelemetry telemetry, QueueLagAlerts alerts, OperationsMetrics metrics, NpgsqlDataSource database,
    IOptions<SpineOptions> options, TimeProvider clock, ILogger<SpineGaugeSampler> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.GaugeInterval, clock);
        do
        {
            try
            {
                var health = await monitor.GetHealthAsync(stoppingToken);
                telemetry.Sampled(health);
                await alerts.RecordAsync(health, stoppingToken);
                await metrics.SampleAsync(database, stoppingToken);
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
