using LoopDrive.Infrastructure.Spine;
using Microsoft.Extensions.Options;

namespace LoopDrive.Workers.Spine;

/// <summary>Hosts the outbox relay loop; restarts it after an unexpected failure instead of stopping the process.</summary>
internal sealed partial class OutboxRelayService(OutboxRelayLoop loop, IOptions<SpineOptions> options, ILogger<OutboxRelayService> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RelayEnabled) return;
        await SupervisedLoop.RunAsync(loop.RunAsync, ex => LogCrashed(logger, ex), stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox relay stopped unexpectedly; restarting")]
    private static partial void LogCrashed(ILogger logger, Exception exception);
}
