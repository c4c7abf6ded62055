using LoopDrive.Contracts.Events;
using LoopDrive.Infrastructure.Events;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Events;

public static class EventsWorkers
{
    /// <summary>The intake pipeline's three consumers, the live feed they publish imported events to, and the housekeeping of event counts and fingerprints.</summary>
    public static IServiceCollection AddEventsWorkers(this IServiceCollection services)
    {
        services.AddEventsInfrastructure();
        services.AddStreamConsumer<EventImportConsumer, EventImportRequested>();
        services.AddStreamConsumer<ProviderPayloadConsumer, ProviderPayloadReceived>();
        services.AddStreamConsumer<EventClassificationConsumer, EventClassificationRequested>();
        services.AddHostedService<EventsHousekeeping>();
        return services;
    }
}
