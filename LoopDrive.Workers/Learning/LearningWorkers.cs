using LoopDrive.Contracts.Learning;
using LoopDrive.Infrastructure.Spine;

namespace LoopDrive.Workers.Learning;

public static class LearningWorkers
{
    /// <summary>The <c>learning.tune</c> consumer and the objective scheduler.</summary>
    public static IHostApplicationBuilder AddLearningWorkers(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStreamConsumer<LearningTuneConsumer, LearningOutcomesObserved>();
        builder.Services.AddHostedService<ObjectiveScheduler>();
        return builder;
    }
}
