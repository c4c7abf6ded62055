using LoopDrive.Core.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Infrastructure.Events;

public static class EventsInfrastructureExtensions
{
    /// <summary>The live feed (Redis pub/sub publisher and the per-process fan-out for SSE connections).</summary>
    public static IServiceCollection AddEventsInfrastructure(this IServiceCollection services)
    {
        services.AddSingleton<IEventFeed, RedisEventFeed>();
        services.AddSingleton<EventStreamHub>();
        return services;
    }
}
