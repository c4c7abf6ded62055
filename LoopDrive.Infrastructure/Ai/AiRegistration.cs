using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure.Ai;

public static class AiRegistration
{
    /// <summary>
    /// The embedding generator every area uses, behind Microsoft.Extensions.AI with OpenTelemetry
    /// (spans carry model and sizes, never the text). The local MiniLM model is the default.
    /// </summary>
    public static IHostApplicationBuilder AddLoopDriveAi(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MiniLmEmbeddingGenerator>();
        builder.Services.AddEmbeddingGenerator(sp => sp.GetRequiredService<MiniLmEmbeddingGenerator>())
            .UseOpenTelemetry(sourceName: "LoopDrive.Ai");
        builder.Services.AddHostedService<EmbeddingWarmup>();
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
