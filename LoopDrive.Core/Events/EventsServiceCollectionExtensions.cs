using LoopDrive.Core.Events.Intake;
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
        services.AddScoped<FoldEventCounts>();
        services.AddScoped<RunFunnel>();
        services.AddScoped<AttributeConversion>();
        services.AddScoped<SummarizeAttribution>();
        services.AddSingleton<IEventNormalizer, SendGridNormalizer>();
        services.AddSingleton<IEventNormalizer, TwilioNormalizer>();
        services.AddSingleton<IEventNormalizer, MetaNormalizer>();
        services.AddSingleton<IEventNormalizer, WhatsAppNormalizer>();
        services.AddSingleton<IEventNormalizer, XNormalizer>();
        services.AddSingleton<IEventNormalizer, RedditNormalizer>();
        services.AddSingleton<IEventNormalizer, StripeNormalizer>();
        services.AddSingleton<IEventNormalizer, ApiNormalizer>();
        services.AddScoped<NormalizeProviderPayload>();
        services.AddScoped<ImportEvents>();
        services.AddScoped<ClassifyEvent>();
        // One classifier per process: its label centroids are computed once.
        services.AddSingleton<IEventClassifier, PrototypeEventClassifier>();
        return services;
    }
}
