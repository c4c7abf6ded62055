using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure.Ai;

public static class AiRegistration
{
    /// <summary>
    /// The embedding generator every area uses, behind Microsoft.Extensions.AI with OpenTelemetry
    /// (spans carry model and sizes, never the text): OpenAI embeddings when <c>OpenAI:ApiKey</c> is
    /// set, else the local MiniLM model; texts embedded recently are answered from memory.
    /// </summary>
    public static IHostApplicationBuilder AddLoopDriveAi(this IHostApplicationBuilder builder)
    {
        var cacheEntries = builder.Configuration.GetValue(RecentEmbeddingCache.CapacityKey, RecentEmbeddingCache.DefaultCapacity);
        var openAi = builder.Configuration.GetSection(OpenAiOptions.Section).Get<OpenAiOptions>() ?? new OpenAiOptions();
        if (!string.IsNullOrWhiteSpace(openAi.ApiKey))
        {
            var model = builder.Configuration[OpenAiEmbeddings.ModelKey] is { Length: > 0 } configured ? configured : OpenAiEmbeddings.DefaultModel;
            builder.Services.AddEmbeddingGenerator(_ => OpenAiEmbeddings.Create(openAi, model))
                .Use(inner => new RecentEmbeddingCache(inner, cacheEntries))
                .UseOpenTelemetry(sourceName: "LoopDrive.Ai");
        }
        else
        {
            var int8Weights = builder.Configuration.GetValue(MiniLmEmbeddingGenerator.Int8WeightsKey, true);
            builder.Services.AddSingleton(_ => new MiniLmEmbeddingGenerator(int8Weights));
            builder.Services.AddEmbeddingGenerator(sp => sp.GetRequiredService<MiniLmEmbeddingGenerator>())
                .Use(inner => new RecentEmbeddingCache(inner, cacheEntries))
                .UseOpenTelemetry(sourceName: "LoopDrive.Ai");
            builder.Services.AddHostedService<EmbeddingWarmup>();
        }
        builder.AddLoopDriveChat();
        return builder;
    }

    /// <summary>Loads the model in the background at start so the first memory write is not the slow one.</summary>
    private sealed class EmbeddingWarmup(MiniLmEmbeddingGenerator generator) : BackgroundService
    {
        protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
            Task.Run(generator.Warm, stoppingToken);
    }
}
