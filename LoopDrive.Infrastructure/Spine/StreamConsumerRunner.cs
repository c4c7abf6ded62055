using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace LoopDrive.Infrastructure.Spine;

/// <summary>Runs every registered subscription's read loops until shutdown.</summary>
public sealed class StreamConsumerRunner(
    IEnumerable<StreamSubscription> subscriptions,
    IConnectionMultiplexer redis,
    StreamBatchProcessor processor,
    DeadLetterWriter deadLetters,
    StreamWakeSignals wakeSignals,
    SpineConsumerIdentity identity,
    IOptions<SpineOptions> options,
    SpineTelemetry telemetry,
    TimeProvider clock,
    ILoggerFactory loggers)
{
    public IReadOnlyList<StreamSubscription> Subscriptions { get; } = [.. subscriptions];

    /// <summary>One read loop per subscription; it overlaps transactions itself (<see cref="SpineOptions.ConsumerConcurrency"/>).</summary>

    public Task RunAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var loops = new List<Task>();
        foreach (var subscription in Subscriptions)
        {
            var logger = loggers.CreateLogger($"{typeof(StreamConsumer).FullName}[{subscription.Stream}]");
            var consumer = new StreamConsumer(subscription, identity.Name, redis, processor, deadLetters,
                wakeSignals, settings, telemetry, clock, logger);
            loops.Add(Task.Run(() => consumer.RunAsync(cancellationToken), CancellationToken.None));
        }
        return Task.WhenAll(loops);
    }
}

/// <summary>The consumer name this process uses in every group.</summary>
public sealed class SpineConsumerIdentity(IOptions<SpineOptions> options)
{
    public string Name { get; } = string.IsNullOrWhiteSpace(options.Value.ConsumerName)
        ? $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}"
        : options.Value.ConsumerName;
}
