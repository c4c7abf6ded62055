using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace LoopDrive.Infrastructure.Spine;

public static class SpineServiceCollectionExtensions
{
    /// <summary>
    /// What the API needs: <see cref="IQueueMonitor"/>, the <c>spine</c> health check and the
    /// <c>Spine</c> options (validated at start). Needs the <c>NpgsqlDataSource</c> and the
    /// <c>IConnectionMultiplexer</c> that <c>AddLoopDriveData</c> registers.
    /// </summary>
    public static IServiceCollection AddSpineMonitoring(this IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(IQueueMonitor))) return services;

        services.AddOptions<SpineOptions>()
            .BindConfiguration(SpineOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddMetrics();
        services.TryAddSingleton<SpineTelemetry>();
        services.TryAddSingleton<OperationsMetrics>();
        services.AddSingleton<IQueueMonitor, RedisQueueMonitor>();
        services.AddHealthChecks().AddCheck<SpineHealthCheck>(SpineHealthCheck.Name, HealthStatus.Degraded, ["ready"]);
        return services;
    }

    /// <summary>
    /// What the workers need: monitoring plus the outbox relay and the consumer machinery. The
    /// hosted services that run them live in the workers; handlers are added with
    /// <see cref="AddStreamConsumer{THandler, TMessage}"/>.
    /// </summary>
    public static IServiceCollection AddSpine(this IServiceCollection services)
    {
        services.AddSpineMonitoring();
        services.TryAddSingleton<OutboxRelay>();
        services.TryAddSingleton<OutboxNotificationListener>();
        services.TryAddSingleton<RelayAwakeGate>();
        services.TryAddSingleton<OutboxRelayLoop>();
        services.TryAddSingleton<StreamBatchProcessor>();
        services.TryAddSingleton<DeadLetterWriter>();
        services.TryAddSingleton<StreamWakeSignals>();
        services.TryAddSingleton<SpineConsumerIdentity>();
        services.TryAddSingleton<StreamConsumerRunner>();
        services.TryAddSingleton<QueueLagAlerts>();
        return services;
    }

    /// <summary>
    /// Consumes <typeparamref name="TMessage"/> from <c>THandler.Stream</c> with a consumer group
    /// named <paramref name="group"/>, which is also the inbox's consumer name: two handlers on
    /// one stream need two groups.
    /// </summary>
    public static IServiceCollection AddStreamConsumer<THandler, TMessage>(this IServiceCollection services, string group = SpineOptions.DefaultGroup)
        where THandler : class, IStreamHandler<TMessage>
        where TMessage : notnull
    {
        var subscription = StreamSubscription.For<THandler, TMessage>(group);
        var clash = services
            .Where(d => d.ServiceType == typeof(StreamSubscription))
            .Select(d => d.ImplementationInstance as StreamSubscription)
            .FirstOrDefault(s => s is not null && s.Stream == subscription.Stream && s.Group == subscription.Group);
        if (clash is not null)
            throw new InvalidOperationException(
                $"{clash.HandlerName} already consumes '{subscription.Stream}' as group '{group}'; give {subscription.HandlerName} its own group.");

        services.TryAddScoped<THandler>();
        services.AddSingleton(subscription);
        return services;
    }
}
