using LoopDrive.Core.Events.Intake;
using LoopDrive.Core.Voice.Compose;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LoopDrive.Core.Events;

public static class EventsServiceCollectionExtensions
{
    /// <summary>
    /// The events use cases. <see cref="IngestEvents"/> and <see cref="EventGroupCommit"/> need an
    /// <see cref="IEventFeed"/> from the host (Infrastructure's AddEventsInfrastructure: Redis pub/sub).
    /// </summary>
    public static IServiceCollection AddEventsCore(this IServiceCollection services)
    {
        services.AddScoped<IngestEvents>();
        services.AddSingleton<EventGroupCommit>();
        services.AddScoped<QueryEvents>();
        services.AddScoped<GetEventStats>();
        services.AddScoped<FoldEventCounts>();
        services.AddScoped<PruneEventFingerprints>();
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
        // Intake's batched form of the People area's AddMemory.
        services.AddScoped<LoopDrive.Core.People.AddMemories>();
        // One classifier per process: the offline one computes its label centroids once. With a
        // language model configured it classifies, and the offline one answers when it cannot.
        services.AddSingleton<PrototypeEventClassifier>();
        services.AddSingleton<IEventClassifier>(sp =>
        {
            var offline = sp.GetRequiredService<PrototypeEventClassifier>();
            return sp.GetRequiredService<VoiceChatClients>() is { Model: { } model, ModelName: var name }
                ? new LlmEventClassifier(model, name ?? "llm", offline, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<LlmEventClassifier>>())
                : offline;
        });
        return services;
    }
}
