using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.Options;

namespace LoopDrive.Workers.Spine;

/// <summary>Hosts every registered stream consumer; restarts them after an unexpected failure.</summary>
internal sealed partial class StreamConsumerService(StreamConsumerRunner runner, IOptions<SpineOptions> options, ILogger<StreamConsumerService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ConsumersEnabled || runner.Subscriptions.Count == 0) return;
        LogStarting(logger, runner.Subscriptions.Count, string.Join(", ", runner.Subscriptions.Select(s => s.Stream)));
        await SupervisedLoop.RunAsync(runner.RunAsync, ex => LogCrashed(logger, ex), stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Consuming {Count} streams: {Streams}")]
    private static partial void LogStarting(ILogger logger, int count, string streams);

    [LoggerMessage(Level = LogLevel.Error, Message = "Stream consumers stopped unexpectedly; restarting")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
