using LoopDrive.Core.Learning;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace LoopDrive.Infrastructure.Learning;

public static class LearningRegistration
{
    /// <summary>Binds the <c>Learning</c> options.</summary>
    public static IHostApplicationBuilder AddLearningInfrastructure(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LearningOptions>().BindConfiguration(LearningOptions.Section);
        return builder;
    }
}
