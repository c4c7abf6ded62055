using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Core.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// The events use cases. <see cref="IngestEvents"/> needs an <see cref="IEventFeed"/> from the
    /// host (Infrastructure's AddEventsInfrastructure: Redis pub/sub).
    /// </summary>
    public static IServiceCollection AddEventsCore(this IServiceCollection services)
    {
        services.AddScoped<IngestEvents>();
        services.AddScoped<QueryEvents>();
        services.AddScoped<GetEventStats>();
        services.AddScoped<RunFunnel>();
        services.AddScoped<AttributeConversion>();
        services.AddScoped<SummarizeAttribution>();
        return services;
    }
}
