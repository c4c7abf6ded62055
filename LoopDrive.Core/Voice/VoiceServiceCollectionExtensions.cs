using LoopDrive.Core.Voice.Brands;
using LoopDrive.Core.Voice.Compose;
using LoopDrive.Core.Voice.Prompts;
using LoopDrive.Core.Voice.Snippets;
using Microsoft.Extensions.DependencyInjection;

namespace LoopDrive.Core.Voice;

public static class VoiceServiceCollectionExtensions
{
    /// <summary>
    /// The brand voice use cases. Compose also needs an <see cref="IPromptRenderer"/> and
    /// <see cref="VoiceChatClients"/>, which Infrastructure's AddLoopDriveAi registers
    /// together with the bound <see cref="VoiceOptions"/>.
    /// </summary>
    public static IServiceCollection AddVoiceCore(this IServiceCollection services)
    {
        services.AddSingleton<LlmCallGate>();
        services.AddSingleton<AlignmentScorer>();
        services.AddScoped<SaveBrand>();
        services.AddScoped<FindBrand>();
        services.AddScoped<SnippetLibrary>();
        services.AddScoped<PromptPacks>();
        services.AddScoped<ComposeMessage>();
        services.AddScoped<VoiceAnalyticsReport>();
        return services;
    }
}
