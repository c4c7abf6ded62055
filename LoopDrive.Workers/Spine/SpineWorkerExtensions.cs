using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Spine;

public static class SpineWorkerExtensions
{
    /// <summary>
    /// The spine as the workers run it: relay, every registered consumer, queue-health gauges and
    /// the <c>spine</c> health check. Options come from the <c>Spine</c> section.
    /// </summary>
    public static TBuilder AddSpineWorkers<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddSpine();
        builder.Services.AddHostedService<OutboxRelayService>();
        builder.Services.AddHostedService<StreamConsumerService>();
        builder.Services.AddHostedService<SpineGaugeSampler>();
        return builder;
    }
}
