using LoopDrive.Core.Budget.Allocation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace LoopDrive.Core.Learning;

public static class LearningServiceCollectionExtensions
{
    /// <summary>
    /// The loop's use cases. Registered after Budget: the bandit's outcome reader becomes the
    /// learned one (budget spend joined with the loop's counted outcomes).
    /// </summary>
    public static IServiceCollection AddLearningCore(this IServiceCollection services)
    {
        services.AddOptions<LearningOptions>();
        services.AddScoped<TuneStore>();
        services.AddScoped<ApplyOutcomes>();
        services.AddScoped<ChoosePromptVersion>();
        services.AddScoped<ScheduleObjectiveTouches>();
        services.AddScoped<Demo.SeedLivingDemo>();
        services.AddScoped<Reports.SnippetPerformanceReport>();
        services.AddScoped<Reports.PromptPerformanceReport>();
        services.AddScoped<Reports.TopicHistoryReport>();
        services.AddScoped<Reports.SendTimeReport>();
        services.AddScoped<Reports.LoopHealthReport>();
        services.Replace(ServiceDescriptor.Scoped<IChannelOutcomeReader, LearnedChannelOutcomeReader>());
        return services;
    }
}
